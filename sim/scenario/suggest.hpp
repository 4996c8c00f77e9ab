#pragma once
// "Did you mean" hints for misspelled keys and ids.

#include <string>
#include <string_view>
#include <vector>

namespace lastmile::scenario::detail {

/// Levenshtein distance between two strings.
std::size_t edit_distance(std::string_view a, std::string_view b);

/// The candidate closest to `word` if it is close enough to be a plausible typo, else empty.
std::string closest_match(std::string_view word, const std::vector<std::string>& candidates);

/// " (did you mean 'x'?)" or " (expected one of: a, b, c)"; empty when there are no candidates.
std::string suggestion_hint(std::string_view word, const std::vector<std::string>& candidates);

}  // namespace lastmile::scenario::detail
