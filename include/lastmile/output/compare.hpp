#pragma once
/// Compares two runs' records as a results file stores them: every metric and every table,
/// row by row and column by column.

#include <optional>
#include <string>

#include <lastmile/output/recorder.hpp>

namespace lastmile::output {

/// Nothing when `expected` and `actual` would be written identically; otherwise where they
/// first differ, e.g. "/orders row 17, column delivered_s: 3605.2 in the file, 3611.0 now".
std::optional<std::string> first_difference(const RunRecords& expected, const RunRecords& actual);

}  // namespace lastmile::output
