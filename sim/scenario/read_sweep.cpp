// Sweep files: a base scenario varied by key path. The changes are made to the base
// scenario's YAML tree, which is written back out and loaded like any scenario, so a variant
// is checked exactly as a hand-written file would be.

#include <cmath>
#include <map>
#include <optional>

#include <lastmile/scenario/input_file.hpp>
#include <lastmile/scenario/loader.hpp>
#include <lastmile/scenario/sweep_spec.hpp>

#include "loader_common.hpp"

namespace lastmile::scenario {

std::vector<SweepRun> SweepSpec::runs() const {
    std::vector<SweepRun> out;
    for (std::uint64_t r = 0; r < replications; ++r) {
        for (std::size_t v = 0; v < variants.size(); ++v) {
            out.push_back({out.size(), v, r});
        }
    }
    return out;
}

namespace detail {
namespace {

constexpr std::size_t kMaxRuns = 100'000;

/// "fleets[central-drones].count" -> fleets, [central-drones], count. A bracketed segment
/// keeps its brackets so ids with dots ("quad-2.5kg") can be named.
std::vector<std::string> split_path(const Value& at, const std::string& path) {
    std::vector<std::string> parts;
    std::string current;
    for (std::size_t i = 0; i < path.size(); ++i) {
        const char c = path[i];
        if (c == '.') {
            if (!current.empty()) {
                parts.push_back(current);
            }
            current.clear();
        } else if (c == '[') {
            if (!current.empty()) {
                parts.push_back(current);
            }
            const auto close = path.find(']', i);
            if (close == std::string::npos) {
                at.fail("unclosed '[' in the key path '" + path + "'");
            }
            parts.push_back(path.substr(i, close - i + 1));
            current.clear();
            i = close;
        } else {
            current += c;
        }
    }
    if (!current.empty()) {
        parts.push_back(current);
    }
    if (parts.empty()) {
        at.fail("empty key path");
    }
    return parts;
}

/// The element of a list that `part` names: by id, by type, or by index.
std::optional<std::size_t> element(const YAML::Node& list, std::string part) {
    if (part.front() == '[') {
        part = part.substr(1, part.size() - 2);
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
        const YAML::Node item = list[i];
        if (item.IsMap()) {
            for (const char* key : {"id", "type"}) {
                if (item[key] && item[key].IsScalar() && item[key].Scalar() == part) {
                    return i;
                }
            }
        }
    }
    if (!part.empty() && part.find_first_not_of("0123456789") == std::string::npos &&
        part.size() < 7) {
        const auto index = static_cast<std::size_t>(std::stoul(part));
        if (index < list.size()) {
            return index;
        }
    }
    return std::nullopt;
}

/// `node` with the value at `parts[i...]` below it replaced by `value`, as a new node. Nothing
/// in `node` is modified: only the containers along the path are new, the rest is shared. A
/// base scenario can share one node in several places (a YAML anchor and its aliases), and
/// assigning through yaml-cpp would change it in all of them.
YAML::Node with_value(const YAML::Node& node, const std::vector<std::string>& parts, std::size_t i,
                      const Value& key, const YAML::Node& value, const std::string& walked) {
    const std::string& part = parts[i];
    const bool last = i + 1 == parts.size();
    const std::string below = walked + (walked.empty() || part.front() == '[' ? "" : ".") + part;
    const auto replaced = [&](const YAML::Node& child) {
        return last ? YAML::Clone(value) : with_value(child, parts, i + 1, key, value, below);
    };
    if (node.IsSequence()) {
        const auto index = element(node, part);
        if (!index) {
            key.fail(
                fmt::format("the base scenario's list '{}' has no element '{}' (name one by "
                            "its id, its type or its index)",
                            walked, part));
        }
        YAML::Node copy(YAML::NodeType::Sequence);
        copy.SetStyle(node.Style());
        copy.SetTag(node.Tag());
        for (std::size_t j = 0; j < node.size(); ++j) {
            copy.push_back(j == *index ? replaced(node[j]) : node[j]);
        }
        return copy;
    }
    if (node.IsMap() && part.front() != '[') {
        if (!node[part]) {
            std::vector<std::string> keys;
            for (const auto& kv : node) {
                if (kv.first.IsScalar()) {  // another change may have set any value here
                    keys.push_back(kv.first.Scalar());
                }
            }
            key.fail(fmt::format("the base scenario has no key '{}'{}{}", part,
                                 walked.empty() ? "" : " under '" + walked + "'",
                                 suggestion_hint(part, keys)));
        }
        YAML::Node copy(YAML::NodeType::Map);
        copy.SetStyle(node.Style());
        copy.SetTag(node.Tag());
        for (const auto& kv : node) {
            const bool on_path = kv.first.IsScalar() && kv.first.Scalar() == part;
            copy.force_insert(kv.first, on_path ? replaced(kv.second) : kv.second);
        }
        return copy;
    }
    key.fail(
        fmt::format("'{}' in the base scenario is a single value: it has no '{}'", walked, part));
}

/// Sets the value at `path` in `root` (which must exist already) to `value`, without changing
/// any node `root` shares with another scenario.
void set_path(YAML::Node& root, const Value& key, const std::string& path,
              const YAML::Node& value) {
    const YAML::Node& base = root;
    root.reset(with_value(base, split_path(key, path), 0, key, value, ""));
}

/// `path` with every list element named by its index ("depots[hub].pads" becomes
/// "depots[0].pads"), so that two spellings of one value compare equal. Nothing for a path that
/// does not resolve in the base scenario: applying it reports why.
std::optional<std::string> canonical_path(const YAML::Node& base, const Value& key,
                                          const std::string& path) {
    YAML::Node node;
    node.reset(base);
    std::string canonical;
    for (const auto& part : split_path(key, path)) {
        YAML::Node next;
        if (node.IsSequence()) {
            const auto index = element(node, part);
            if (!index) {
                return std::nullopt;
            }
            canonical += fmt::format("[{}]", *index);
            next.reset(node[*index]);
        } else if (node.IsMap() && part.front() != '[') {
            const YAML::Node& map = node;  // const: looking up never adds the key
            if (!map[part]) {
                return std::nullopt;
            }
            canonical += (canonical.empty() ? "" : ".") + part;
            next.reset(map[part]);
        } else {
            return std::nullopt;
        }
        node.reset(next);
    }
    return canonical;
}

/// Refuses two key paths of one grid or one variant's `set` that name the same value, however
/// spelt ("depots[hub].pads" and "depots[0].pads"), or one value and a part of it ("depots[hub]"
/// and "depots[hub].pads"): otherwise the last would silently win, and a grid would hold
/// variants that are really duplicates.
class KeyPathsSeen {
  public:
    explicit KeyPathsSeen(const YAML::Node& base) { base_.reset(base); }

    void add(const Value& key, const std::string& key_path, const YAML::Mark& mark) {
        const auto resolved = canonical_path(base_, key, key_path);
        if (!resolved) {
            return;  // applying it reports why
        }
        const std::string& canonical = *resolved;
        if (const auto same = seen_.find(canonical); same != seen_.end()) {
            const Seen& earlier = same->second;
            key.fail(earlier.written == key_path
                         ? fmt::format("duplicate key path '{}' (first given on line {})", key_path,
                                       earlier.line)
                         : fmt::format("'{}' names the same value as '{}' (line {})", key_path,
                                       earlier.written, earlier.line));
        }
        // A value that contains this one: one of its prefixes, cut before a '.' or a '['.
        for (std::size_t cut = 1; cut < canonical.size(); ++cut) {
            if (canonical[cut] == '.' || canonical[cut] == '[') {
                if (const auto outer = seen_.find(canonical.substr(0, cut)); outer != seen_.end()) {
                    overlap(key, key_path, outer->second);
                }
            }
        }
        // A value inside this one: sorted right after it, with '.' or '[' next.
        for (const char* next : {".", "["}) {
            const auto inner = seen_.lower_bound(canonical + next);
            if (inner != seen_.end() &&
                inner->first.compare(0, canonical.size() + 1, canonical + next) == 0) {
                overlap(key, key_path, inner->second);
            }
        }
        seen_.emplace(canonical, Seen{key_path, mark.line + 1});
    }

  private:
    struct Seen {
        std::string written;
        int line;
    };
    [[noreturn]] static void overlap(const Value& key, const std::string& key_path,
                                     const Seen& earlier) {
        key.fail(fmt::format(
            "'{}' and '{}' (line {}) overlap: one is part of the other; set one of them", key_path,
            earlier.written, earlier.line));
    }
    YAML::Node base_;
    std::map<std::string, Seen> seen_;  // by canonical path
};

/// The values a grid key takes: a list, or {from, to, steps} of numbers or quantities with
/// one unit.
std::vector<YAML::Node> grid_values(const Value& v) {
    std::vector<YAML::Node> out;
    if (v.node().IsSequence()) {
        for (const auto& item : non_empty_list(v, "value")) {
            out.push_back(item.node());
        }
        return out;
    }
    if (!v.node().IsMap()) {
        v.fail("expected a list of values or a range {from, to, steps}, found " + v.found());
    }
    const MapReader map(v, {"from", "to", "steps"});
    const auto number_and_unit = [](const Value& x) {
        const std::string text = x.as_string();
        std::size_t used = 0;
        double number = 0;
        try {
            number = std::stod(text, &used);
        } catch (const std::exception&) {
            x.fail("expected a number, optionally with a unit, found '" + text + "'");
        }
        std::string unit = text.substr(used);
        unit.erase(0, unit.find_first_not_of(' '));
        if (!std::isfinite(number)) {
            x.fail("expected a finite number, found '" + text + "'");
        }
        return std::pair{number, unit};
    };
    const Value from = map.required("from");
    const auto [a, unit_a] = number_and_unit(from);
    const auto [b, unit_b] = number_and_unit(map.required("to"));
    if (unit_a != unit_b) {
        from.fail(fmt::format("a range needs one unit at both ends, found '{}' and '{}'", unit_a,
                              unit_b));
    }
    const auto steps = map.required("steps").as_integer(2, 1000);
    for (std::int64_t k = 0; k < steps; ++k) {
        const double x = a + (b - a) * static_cast<double>(k) / static_cast<double>(steps - 1);
        out.emplace_back(unit_a.empty() ? fmt::format("{:g}", x)
                                        : fmt::format("{:g} {}", x, unit_a));
    }
    return out;
}

std::string scalar_text(const YAML::Node& node) {
    if (node.IsScalar()) {
        return node.Scalar();
    }
    YAML::Emitter out;
    out << YAML::Flow << node;
    return out.c_str();
}

std::string emit(const YAML::Node& root) {
    YAML::Emitter out;
    out << root;
    return std::string(out.c_str()) + "\n";
}

struct Change {
    Value key;
    std::string path;
    YAML::Node value;
    Value at;  ///< where the value is written, for errors
};

/// Applies `changes` to a fresh copy of the base and loads the result; a value the scenario
/// rejects is reported at `blame` in the sweep file.
SweepVariant make_variant(const std::string& name, const YAML::Node& base,
                          const std::string& base_file, const std::vector<Change>& changes,
                          const Value& blame) {
    YAML::Node root = YAML::Clone(base);
    SweepVariant variant;
    variant.name = name;
    for (const auto& c : changes) {
        set_path(root, c.key, c.path, c.value);
        variant.parameters.emplace_back(c.path, scalar_text(c.value));
    }
    variant.scenario_text = emit(root);
    try {
        variant.spec = load_scenario_text(variant.scenario_text, base_file);
    } catch (const InputError& e) {
        blame.fail(fmt::format("variant '{}': the base scenario rejects it: {}: {}", name,
                               e.key_path(), e.message()));
    }
    return variant;
}

/// make_variant, blaming a rejected variant on the one change that the base scenario rejects
/// on its own, if there is one, and on `blame` (the whole combination) otherwise.
SweepVariant make_checked_variant(const std::string& name, const YAML::Node& base,
                                  const std::string& base_file, const std::vector<Change>& changes,
                                  const Value& blame) {
    try {
        return make_variant(name, base, base_file, changes, blame);
    } catch (const InputError&) {
        for (const auto& c : changes) {
            make_variant(name, base, base_file, {c}, c.at);
        }
        throw;
    }
}

/// A key of `grid` or `set`: a key path, which is text (a list or mapping as a key is an
/// error at the key, not an exception from yaml-cpp).
std::string key_path_of(const Document& doc, const YAML::Node& key, const std::string& parent) {
    const Value k(doc, key, parent, key.Mark());
    if (!key.IsScalar()) {
        k.fail("expected a key path (e.g. 'fleets[central-drones].count'), found " + k.found() +
               " as a key");
    }
    return key.Scalar();
}

std::string variant_name(const Value& v) {
    const std::string name = v.as_string();
    if (name.empty() || name.size() > 24 ||
        name.find_first_not_of(
            "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-") !=
            std::string::npos) {
        v.fail("a variant name names files: use 1 to 24 letters, digits, '-' or '_', found '" +
               name + "'");
    }
    return name;
}

}  // namespace
}  // namespace detail

SweepSpec load_sweep_file(const std::filesystem::path& path) {
    using namespace detail;
    const std::string text = read_input_file(path, "a sweep file");
    require_text(path.string(), text, "a sweep file");
    const Document doc(path.string(), text);
    const YAML::Node root = parse_yaml(doc, text);
    const Value top(doc, root, "", root.Mark());
    if (!root.IsMap()) {
        top.fail(
            "expected a sweep (a mapping with schema, name, base, seed, replications and a "
            "grid or variants), found " +
            shortened(top.found()));
    }
    require_one_document(doc, text, "a sweep file");
    const MapReader map(top, {"schema", "name", "description", "base", "seed", "replications",
                              "grid", "variants", "baseline"});
    const Value schema = map.required("schema");
    if (const auto version = schema.as_integer(0, 1'000'000); version != 1) {
        schema.fail(fmt::format("unsupported sweep schema version {}; this lastmile reads schema 1",
                                version));
    }
    SweepSpec sweep;
    sweep.name = map.required("name").as_id();
    sweep.source_file = path.string();
    const Value base = map.required("base");
    const std::filesystem::path base_path = path.parent_path() / base.as_string();
    sweep.base_file = base_path.string();
    std::string base_text;
    try {
        base_text = read_input_file(base_path, "a scenario file");
    } catch (const InputError& e) {
        base.fail("cannot read the base scenario '" + base_path.string() + "': " + e.message());
    }
    try {
        load_scenario_text(base_text, sweep.base_file);
    } catch (const InputError& e) {
        base.fail("the base scenario is not valid: " + e.report());
    }
    const YAML::Node base_root = YAML::Load(base_text);
    sweep.seed = map.required("seed").as_unsigned();
    sweep.replications =
        static_cast<std::uint64_t>(map.required("replications").as_integer(1, 10'000));

    const auto grid = map.optional("grid");
    const auto variants = map.optional("variants");
    if (!grid && !variants) {
        top.fail("a sweep needs a grid, named variants, or both");
    }
    std::vector<Value> names;
    if (grid) {
        if (!grid->node().IsMap() || grid->node().size() == 0) {
            grid->fail("expected a mapping of key paths to values, found " +
                       (grid->node().IsMap() ? std::string("an empty mapping") : grid->found()));
        }
        std::vector<std::pair<Value, std::vector<Change>>> axes;
        KeyPathsSeen seen(base_root);
        for (const auto& kv : grid->node()) {
            const std::string key_path = key_path_of(doc, kv.first, grid->path());
            const Value key(doc, kv.first, grid->path() + "." + key_path, kv.first.Mark());
            seen.add(key, key_path, kv.first.Mark());
            const Value values(doc, kv.second, grid->path() + "." + key_path, kv.first.Mark());
            std::vector<Change> options;
            for (const auto& v : grid_values(values)) {
                const Value at(doc, v, values.path(),
                               v.Mark().is_null() ? kv.first.Mark() : v.Mark());
                options.push_back(Change{key, key_path, v, at});
            }
            axes.emplace_back(key, std::move(options));
        }
        std::size_t points = 1;
        for (const auto& [key, options] : axes) {
            points *= options.size();
            if (points > kMaxRuns) {
                grid->fail(fmt::format("the grid has more than {} points", kMaxRuns));
            }
        }
        for (std::size_t p = 0; p < points; ++p) {
            std::vector<Change> changes;
            std::size_t rest = p;
            // The first key varies slowest.
            std::vector<std::size_t> pick(axes.size());
            for (std::size_t a = axes.size(); a-- > 0;) {
                pick[a] = rest % axes[a].second.size();
                rest /= axes[a].second.size();
            }
            for (std::size_t a = 0; a < axes.size(); ++a) {
                changes.push_back(axes[a].second[pick[a]]);
            }
            sweep.variants.push_back(make_checked_variant(fmt::format("g{:03}", p), base_root,
                                                          sweep.base_file, changes, *grid));
        }
    }
    if (variants) {
        for (const auto& v : non_empty_list(*variants, "variant")) {
            const MapReader vm(v, {"name", "set"});
            names.push_back(vm.required("name"));
            const std::string name = variant_name(names.back());
            const Value set = vm.required("set");
            if (!set.node().IsMap()) {
                set.fail("expected a mapping of key paths to values, found " + set.found());
            }
            std::vector<Change> changes;
            KeyPathsSeen seen(base_root);
            for (const auto& kv : set.node()) {
                const std::string key_path = key_path_of(doc, kv.first, set.path());
                const Value key(doc, kv.first, set.path() + "." + key_path, kv.first.Mark());
                seen.add(key, key_path, kv.first.Mark());
                const Value at(doc, kv.second, key.path(), kv.first.Mark());
                changes.push_back(Change{key, key_path, kv.second, at});
            }
            for (const auto& existing : sweep.variants) {
                if (existing.name == name) {
                    names.back().fail("duplicate variant name '" + name + "'");
                }
            }
            sweep.variants.push_back(
                make_checked_variant(name, base_root, sweep.base_file, changes, v));
        }
    }
    if (sweep.variants.size() * sweep.replications > kMaxRuns) {
        top.fail(fmt::format("the sweep has {} runs; at most {} are supported",
                             sweep.variants.size() * sweep.replications, kMaxRuns));
    }
    if (auto baseline = map.optional("baseline")) {
        const std::string name = baseline->as_string();
        std::vector<std::string> known;
        bool found = false;
        for (std::size_t v = 0; v < sweep.variants.size(); ++v) {
            known.push_back(sweep.variants[v].name);
            if (sweep.variants[v].name == name) {
                sweep.baseline = v;
                found = true;
            }
        }
        if (!found) {
            baseline->fail(fmt::format("no variant '{}'{}", name, suggestion_hint(name, known)));
        }
    }
    return sweep;
}

}  // namespace lastmile::scenario
