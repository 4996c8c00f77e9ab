#include "suggest.hpp"

#include <algorithm>

namespace lastmile::scenario::detail {

std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> row(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) {
        row[j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        std::size_t diagonal = row[0];
        row[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j) {
            const std::size_t above = row[j];
            const std::size_t substitution = diagonal + (a[i - 1] == b[j - 1] ? 0 : 1);
            row[j] = std::min({above + 1, row[j - 1] + 1, substitution});
            diagonal = above;
        }
    }
    return row[b.size()];
}

std::string closest_match(std::string_view word, const std::vector<std::string>& candidates) {
    // A typo changes a few characters; allow about a third of the word, at least two. Names
    // are short: a long word is no typo of one, and comparing it would cost its length squared.
    constexpr std::size_t kLongest = 100;
    if (word.size() > kLongest) {
        return {};
    }
    const std::size_t limit = std::max<std::size_t>(2, word.size() / 3);
    std::string best;
    std::size_t best_distance = limit + 1;
    for (const auto& candidate : candidates) {
        // The lengths alone bound the distance from below.
        const std::size_t apart = candidate.size() > word.size() ? candidate.size() - word.size()
                                                                 : word.size() - candidate.size();
        if (apart > limit) {
            continue;
        }
        const std::size_t d = edit_distance(word, candidate);
        if (d < best_distance) {
            best_distance = d;
            best = candidate;
        }
    }
    return best;
}

std::string suggestion_hint(std::string_view word, const std::vector<std::string>& candidates) {
    if (candidates.empty()) {
        return {};
    }
    if (auto match = closest_match(word, candidates); !match.empty()) {
        return " (did you mean '" + match + "'?)";
    }
    std::string list;
    for (const auto& c : candidates) {
        list += (list.empty() ? "" : ", ") + c;
    }
    return " (expected one of: " + list + ")";
}

}  // namespace lastmile::scenario::detail
