#include <algorithm>
#include <charconv>
#include <cmath>
#include <set>

#include "loader_common.hpp"

namespace lastmile::scenario::detail {
namespace {

const std::vector<std::string> kColumns{"id", "time", "lat", "lon", "weight", "promise"};
constexpr std::size_t kMaxOrders = 10'000'000;
constexpr double kMaxTime_s = 366 * 86400.0;

struct Cell {
    std::string text;
    int column = 1;  // 1-based character column where the cell starts
};

std::vector<Cell> split(const std::string& line) {
    std::vector<Cell> cells;
    std::size_t start = 0;
    for (;;) {
        const std::size_t comma = line.find(',', start);
        std::string text =
            line.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
        // Trim spaces: "1.5, 2" reads as two numbers.
        std::size_t lead = 0;
        while (lead < text.size() && text[lead] == ' ') {
            ++lead;
        }
        std::size_t end = text.size();
        while (end > lead && text[end - 1] == ' ') {
            --end;
        }
        cells.push_back(Cell{text.substr(lead, end - lead), static_cast<int>(start + lead) + 1});
        if (comma == std::string::npos) {
            return cells;
        }
        start = comma + 1;
    }
}

class CsvFile {
  public:
    CsvFile(std::string file) : file_(std::move(file)) {}
    [[noreturn]] void fail(int line, int column, const std::string& line_text,
                           const std::string& column_name, const std::string& message) const {
        throw InputError(SourceLocation{file_, line, column}, column_name, message, line_text);
    }
    const std::string& file() const { return file_; }

  private:
    std::string file_;
};

double parse_number(const CsvFile& csv, int line, const std::string& text, const Cell& cell,
                    const std::string& column) {
    double value = 0;
    const auto [end, ec] =
        std::from_chars(cell.text.data(), cell.text.data() + cell.text.size(), value);
    if (ec != std::errc{} || end != cell.text.data() + cell.text.size() || cell.text.empty() ||
        !std::isfinite(value)) {
        csv.fail(line, cell.column, text, column, "expected a number, found '" + cell.text + "'");
    }
    return value;
}

/// A number in the column's SI unit, or a quantity with its own unit ("30 min").
double parse_quantity_cell(const CsvFile& csv, int line, const std::string& text, const Cell& cell,
                           const std::string& column, Dimension dimension) {
    double value = 0;
    const auto [end, ec] =
        std::from_chars(cell.text.data(), cell.text.data() + cell.text.size(), value);
    if (ec == std::errc{} && end == cell.text.data() + cell.text.size() && !cell.text.empty() &&
        std::isfinite(value)) {
        return value;
    }
    QuantityError error;
    if (!parse_quantity(cell.text, dimension, value, error)) {
        csv.fail(line, cell.column + static_cast<int>(error.offset), text, column, error.message);
    }
    return value;
}

}  // namespace

std::vector<TraceOrderSpec> read_orders_csv(const std::string& content, const std::string& file) {
    const CsvFile csv(file);
    std::vector<TraceOrderSpec> orders;
    std::set<std::string> ids;
    int line_number = 0;
    // Spreadsheets often save a UTF-8 byte order mark; it is not part of the header.
    std::size_t start = content.rfind("\xEF\xBB\xBF", 0) == 0 ? 3 : 0;
    bool header_seen = false;
    int comments = 0;
    while (start < content.size()) {
        const std::size_t newline = content.find('\n', start);
        std::string line = content.substr(
            start, newline == std::string::npos ? std::string::npos : newline - start);
        start = newline == std::string::npos ? content.size() : newline + 1;
        ++line_number;
        if (!line.empty() && line.back() == '\r') {
            line.pop_back();
        }
        if (line.empty() || line[0] == '#') {
            comments += line.empty() ? 0 : 1;
            continue;  // blank lines and comments
        }
        const auto cells = split(line);
        if (!header_seen) {
            std::vector<std::string> names;
            for (const auto& c : cells) {
                names.push_back(c.text);
            }
            if (names != kColumns) {
                csv.fail(
                    line_number, 1, line, "",
                    "expected the header 'id,time,lat,lon,weight,promise', found '" + line + "'");
            }
            header_seen = true;
            continue;
        }
        if (cells.size() != kColumns.size()) {
            csv.fail(line_number,
                     cells.size() > kColumns.size() ? cells[kColumns.size()].column
                                                    : static_cast<int>(line.size()) + 1,
                     line, "",
                     fmt::format("expected {} columns (id,time,lat,lon,weight,promise), found {}",
                                 kColumns.size(), cells.size()));
        }
        if (orders.size() >= kMaxOrders) {
            csv.fail(line_number, 1, line, "",
                     fmt::format("more than {} orders in one file", kMaxOrders));
        }
        TraceOrderSpec order;
        order.defined_at = SourceLocation{file, line_number, 1};
        order.id = cells[0].text;
        if (order.id.empty()) {
            csv.fail(line_number, cells[0].column, line, "id",
                     "expected an order id, found an empty cell");
        }
        if (!ids.insert(order.id).second) {
            csv.fail(line_number, cells[0].column, line, "id",
                     "duplicate order id '" + order.id + "'");
        }
        order.time_s =
            parse_quantity_cell(csv, line_number, line, cells[1], "time", Dimension::duration);
        if (order.time_s < 0 || order.time_s > kMaxTime_s) {
            csv.fail(line_number, cells[1].column, line, "time",
                     "expected a time from 0 s to 366 d (seconds from the start), found '" +
                         cells[1].text + "'");
        }
        order.location.lat_deg = parse_number(csv, line_number, line, cells[2], "lat");
        if (order.location.lat_deg < -90 || order.location.lat_deg > 90) {
            csv.fail(line_number, cells[2].column, line, "lat",
                     "expected a latitude from -90 to 90, found " + cells[2].text);
        }
        order.location.lon_deg = parse_number(csv, line_number, line, cells[3], "lon");
        if (order.location.lon_deg < -180 || order.location.lon_deg > 180) {
            csv.fail(line_number, cells[3].column, line, "lon",
                     "expected a longitude from -180 to 180, found " + cells[3].text);
        }
        order.weight_kg =
            parse_quantity_cell(csv, line_number, line, cells[4], "weight", Dimension::mass);
        order.weight_at = SourceLocation{order.defined_at.file, line_number, cells[4].column};
        if (!(order.weight_kg > 0) || order.weight_kg > kMass.max) {
            csv.fail(
                line_number, cells[4].column, line, "weight",
                "expected a parcel weight from 1 g to 10000 kg, found '" + cells[4].text + "'");
        }
        if (!cells[5].text.empty()) {
            order.promise_s = parse_quantity_cell(csv, line_number, line, cells[5], "promise",
                                                  Dimension::duration);
            if (!(order.promise_s > 0)) {
                csv.fail(
                    line_number, cells[5].column, line, "promise",
                    "expected a delivery promise greater than zero, found '" + cells[5].text + "'");
            }
        }
        orders.push_back(order);
    }
    if (!header_seen) {
        csv.fail(1, 1, "", "",
                 comments > 0 ? "expected the header 'id,time,lat,lon,weight,promise', found "
                                "only comment lines"
                              : "expected the header 'id,time,lat,lon,weight,promise', found "
                                "an empty file");
    }
    std::stable_sort(orders.begin(), orders.end(),
                     [](const auto& a, const auto& b) { return a.time_s < b.time_s; });
    return orders;
}

}  // namespace lastmile::scenario::detail
