#pragma once
// JSON text for the report's page and the GeoJSON export.

#include <string>

#include <fmt/format.h>

namespace lastmile::report::detail {

/// A JSON string literal; '<', '>' and '&' are escaped too, so that it is also safe inside an
/// HTML <script> element.
inline std::string json_string(const std::string& text) {
    std::string out = "\"";
    for (const char c : text) {
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (c == '<' || c == '>' || c == '&' || static_cast<unsigned char>(c) < 0x20) {
            out += fmt::format("\\u{:04x}", static_cast<unsigned char>(c));
        } else {
            out += c;
        }
    }
    return out + "\"";
}

}  // namespace lastmile::report::detail
