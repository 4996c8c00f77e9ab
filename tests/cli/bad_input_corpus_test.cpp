// End to end, through the binary: every malformed input of the corpus in tests/robustness/bad
// (its conventions in tests/robustness/README.md) is refused with exit code 2 and its
// expected message, without a crash, a hang, or a file written.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <sys/stat.h>
#include <vector>

#include <catch2/catch.hpp>
#include <hdf5.h>

#include "cli/cli_support.hpp"

namespace fs = std::filesystem;

namespace {

using lastmile::testing::run_command;
using lastmile::testing::run_lastmile;
using lastmile::testing::Scratch;

const fs::path kCorpus = LASTMILE_SOURCE_DIR "/tests/robustness/bad";

struct Case {
    std::string name;
    fs::path path;
    bool folder = false;
    std::vector<std::string> make;      // recipes that create inputs (HDF5) in the folder's copy
    std::vector<std::string> commands;  // arguments after `lastmile`
    std::vector<std::string> messages;  // each must appear in the output
};

std::string read_bytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void write_bytes(const fs::path& path, const std::string& bytes) {
    std::ofstream(path, std::ios::binary) << bytes;
}

std::string after(const std::string& line, const std::string& prefix) {
    return line.rfind(prefix, 0) == 0 ? line.substr(prefix.size()) : std::string();
}

/// A single YAML file: its leading comment lines say `# expect: TEXT` (one or more) and
/// optionally `# command: sweep`; otherwise it is a scenario, given to validate and run.
Case single_file_case(const fs::path& path) {
    Case c{path.filename().string(), path, false, {}, {}, {}};
    std::istringstream in(read_bytes(path));
    bool sweep = false;
    for (std::string line; std::getline(in, line) && line.rfind('#', 0) == 0;) {
        if (const auto text = after(line, "# expect: "); !text.empty()) {
            c.messages.push_back(text);
        } else if (line == "# command: sweep") {
            sweep = true;
        }
    }
    const std::string file = "'" + path.string() + "'";
    c.commands = sweep ? std::vector<std::string>{"sweep -q " + file}
                       : std::vector<std::string>{"validate " + file, "run -q " + file};
    return c;
}

/// A folder: expect.txt holds `make:`, `command:` and `message:` lines.
Case folder_case(const fs::path& path) {
    Case c{path.filename().string(), path, true, {}, {}, {}};
    std::istringstream in(read_bytes(path / "expect.txt"));
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line[0] == '#') {
            continue;
        }
        if (const auto text = after(line, "make: "); !text.empty()) {
            c.make.push_back(text);
        } else if (const auto command = after(line, "command: "); !command.empty()) {
            c.commands.push_back(command);
        } else if (const auto message = after(line, "message: "); !message.empty()) {
            c.messages.push_back(message);
        } else {
            FAIL(c.name << "/expect.txt: unknown line '" << line << "'");
        }
    }
    return c;
}

std::vector<Case> corpus() {
    std::vector<fs::path> entries;
    for (const auto& entry : fs::directory_iterator(kCorpus)) {
        entries.push_back(entry.path());
    }
    std::sort(entries.begin(), entries.end());
    std::vector<Case> cases;
    for (const auto& path : entries) {
        if (fs::is_directory(path)) {
            cases.push_back(folder_case(path));
        } else if (path.extension() == ".yaml") {
            cases.push_back(single_file_case(path));
        }
    }
    return cases;
}

/// Every file and folder under `dir`, relative to it, with the bytes of each regular file: a
/// command that overwrote an input in place would change them. Special files (FIFOs) are
/// listed, never read.
std::map<std::string, std::string> listing(const fs::path& dir) {
    std::map<std::string, std::string> entries;
    for (const auto& entry : fs::recursive_directory_iterator(dir)) {
        const bool regular = entry.is_regular_file() && !entry.is_symlink();
        entries[fs::relative(entry.path(), dir).string()] =
            regular ? read_bytes(entry.path()) : (entry.is_symlink() ? "(link)" : "(other)");
    }
    return entries;
}

std::vector<std::string> words(const std::string& text) {
    std::istringstream in(text);
    return {std::istream_iterator<std::string>(in), std::istream_iterator<std::string>()};
}

// --- Inputs made at test time (HDF5 files cannot be kept as text) --------------------------

void h5_ok(long long status, const std::string& what) {
    INFO(what);
    REQUIRE(status >= 0);
}

/// An HDF5 file opened for writing, closed when done.
struct WritableFile {
    hid_t id;
    explicit WritableFile(const fs::path& path)
        : id(H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT)) {
        h5_ok(id, "open " + path.string());
    }
    ~WritableFile() { H5Fclose(id); }
    WritableFile(const WritableFile&) = delete;
    WritableFile& operator=(const WritableFile&) = delete;
};

hid_t utf8_string_type() {
    const hid_t type = H5Tcopy(H5T_C_S1);
    H5Tset_size(type, H5T_VARIABLE);
    H5Tset_cset(type, H5T_CSET_UTF8);
    return type;
}

void set_string_attribute(hid_t file, const std::string& name, const std::string& value) {
    if (H5Aexists(file, name.c_str()) > 0) {
        h5_ok(H5Adelete(file, name.c_str()), "delete attribute " + name);
    }
    const hid_t type = utf8_string_type();
    const hid_t space = H5Screate(H5S_SCALAR);
    const hid_t attribute = H5Acreate2(file, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT);
    const char* text = value.c_str();
    h5_ok(H5Awrite(attribute, type, &text), "write attribute " + name);
    H5Aclose(attribute);
    H5Sclose(space);
    H5Tclose(type);
}

void set_int_attribute(hid_t file, const std::string& name, std::int64_t value) {
    if (H5Aexists(file, name.c_str()) > 0) {
        h5_ok(H5Adelete(file, name.c_str()), "delete attribute " + name);
    }
    const hid_t space = H5Screate(H5S_SCALAR);
    const hid_t attribute =
        H5Acreate2(file, name.c_str(), H5T_STD_I64LE, space, H5P_DEFAULT, H5P_DEFAULT);
    h5_ok(H5Awrite(attribute, H5T_NATIVE_INT64, &value), "write attribute " + name);
    H5Aclose(attribute);
    H5Sclose(space);
}

void replace_text(hid_t file, const std::string& path, const std::string& value) {
    // Written over the value in place, so the dataset keeps its attributes (an embedded
    // input's name).
    const hid_t type = utf8_string_type();
    const hid_t dataset = H5Dopen2(file, path.c_str(), H5P_DEFAULT);
    h5_ok(dataset, "open " + path);
    const char* text = value.c_str();
    h5_ok(H5Dwrite(dataset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, &text), "write " + path);
    H5Dclose(dataset);
    H5Tclose(type);
}

/// Replaces the table at `path` by one of the same row type that claims `rows` rows, none of
/// them stored: what a damaged or forged file may say.
void huge_table(hid_t file, const std::string& path, hsize_t rows) {
    const hid_t old = H5Dopen2(file, path.c_str(), H5P_DEFAULT);
    h5_ok(old, "open " + path);
    const hid_t type = H5Dget_type(old);
    H5Dclose(old);
    h5_ok(H5Ldelete(file, path.c_str(), H5P_DEFAULT), "delete " + path);
    const hid_t space = H5Screate_simple(1, &rows, nullptr);
    const hid_t properties = H5Pcreate(H5P_DATASET_CREATE);
    const hsize_t chunk = 1024;
    H5Pset_chunk(properties, 1, &chunk);
    const hid_t dataset =
        H5Dcreate2(file, path.c_str(), type, space, H5P_DEFAULT, properties, H5P_DEFAULT);
    h5_ok(dataset, "create " + path);
    H5Dclose(dataset);
    H5Pclose(properties);
    H5Sclose(space);
    H5Tclose(type);
}

/// A results file of the quickstart scenario, made once for all cases that start from one.
const fs::path& reference_run() {
    static const Scratch scratch;
    static const fs::path file = [] {
        const fs::path path = scratch.dir / "quickstart.h5";
        const auto r =
            run_lastmile("run -q '" LASTMILE_SOURCE_DIR "/scenarios/quickstart.yaml' -o '" +
                         path.string() + "'");
        INFO(r.out);
        REQUIRE(r.exit_code == 0);
        return path;
    }();
    return file;
}

std::string from_hex(const std::string& hex) {
    std::string bytes;
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
        bytes += static_cast<char>(std::stoi(hex.substr(i, 2), nullptr, 16));
    }
    return bytes;
}

/// Carries out one `make:` line in the case's working folder (see the README).
void make(const fs::path& dir, const std::string& recipe) {
    INFO("make: " << recipe);
    const auto w = words(recipe);
    REQUIRE(w.size() >= 2);
    const std::string& kind = w[0];
    const fs::path file = dir / w[1];
    const auto argument = [&](std::size_t k) {
        REQUIRE(w.size() > k);
        return w[k];
    };
    if (kind == "mkdir") {
        fs::create_directories(file);
    } else if (kind == "fifo") {
        REQUIRE(::mkfifo(file.c_str(), 0600) == 0);
    } else if (kind == "symlink") {
        fs::create_symlink(argument(2), file);
    } else if (kind == "run") {
        const auto r = run_lastmile("run -q '" + (dir / argument(2)).string() + "' -o '" +
                                    file.string() + "'");
        INFO(r.out);
        REQUIRE(r.exit_code == 0);
    } else if (kind == "bytes") {
        write_bytes(file, argument(2) == "-" ? std::string() : from_hex(argument(2)));
    } else if (kind == "plain-hdf5") {
        const hid_t f = H5Fcreate(file.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, H5P_DEFAULT);
        h5_ok(f, "create " + file.string());
        const hid_t space = H5Screate(H5S_SCALAR);
        const hid_t dataset =
            H5Dcreate2(f, "x", H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
        const double one = 1;
        H5Dwrite(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, &one);
        H5Dclose(dataset);
        H5Sclose(space);
        H5Fclose(f);
    } else if (kind == "truncated") {
        const std::string fraction = argument(2);
        const auto slash = fraction.find('/');
        REQUIRE(slash != std::string::npos);
        const std::string bytes = read_bytes(reference_run());
        const auto keep = bytes.size() * std::stoul(fraction.substr(0, slash)) /
                          std::stoul(fraction.substr(slash + 1));
        write_bytes(file, bytes.substr(0, keep));
    } else {
        // The edits start from the quickstart result, or from a file an earlier `run` made.
        if (kind == "run-file" || !fs::exists(file)) {
            fs::copy_file(reference_run(), file, fs::copy_options::overwrite_existing);
        }
        if (kind == "run-file") {
            return;
        }
        const WritableFile f(file);
        if (kind == "set-int-attribute") {
            set_int_attribute(f.id, argument(2), std::stoll(argument(3)));
        } else if (kind == "set-string-attribute") {
            set_string_attribute(f.id, argument(2), argument(3));
        } else if (kind == "delete") {
            h5_ok(H5Ldelete(f.id, argument(2).c_str(), H5P_DEFAULT), "delete " + argument(2));
        } else if (kind == "delete-attribute") {
            h5_ok(H5Adelete(f.id, argument(2).c_str()), "delete attribute " + argument(2));
        } else if (kind == "replace-text") {
            replace_text(f.id, argument(2), read_bytes(dir / argument(3)));
        } else if (kind == "huge-table") {
            huge_table(f.id, argument(2), std::stoull(argument(3)));
        } else {
            FAIL("unknown make recipe '" << kind << "'");
        }
    }
}

}  // namespace

TEST_CASE("every malformed input of the corpus is refused with exit 2 and its message",
          "[cli][robustness]") {
    const auto cases = corpus();
    // The acceptance criterion of the robustness work: at least 100 malformed inputs.
    REQUIRE(cases.size() >= 100);
    std::size_t commands = 0;
    for (const auto& c : cases) {
        INFO("case " << c.name);
        CHECK_FALSE(c.messages.empty());
        CHECK_FALSE(c.commands.empty());
        Scratch s;
        fs::path work = s.dir;
        if (c.folder) {
            work = s.dir / c.name;
            fs::copy(c.path, work, fs::copy_options::recursive);
            fs::remove(work / "expect.txt");
            for (const auto& recipe : c.make) {
                make(work, recipe);
            }
        }
        const auto before = listing(work);
        for (const auto& command : c.commands) {
            ++commands;
            INFO("command: lastmile " << command);
            // A loop that never ends meets the CPU limit (SIGXCPU), a wait that never ends
            // `timeout` (exit code 124). Both are far beyond what any refusal takes, even under
            // sanitizers on a busy machine, so only a real hang can reach them.
            const auto r =
                run_command("cd '" + work.string() +
                            "' && ulimit -t 120 && timeout 600 '" LASTMILE_BINARY "' " + command);
            INFO("output:\n" << r.out);
            CHECK(r.exit_code == 2);
            for (const auto& message : c.messages) {
                CHECK_THAT(r.out, Catch::Contains(message));
            }
            for (const char* crash : {"terminate called", "Segmentation", "Assertion",
                                      "AddressSanitizer", "runtime error:"}) {
                CHECK_THAT(r.out, !Catch::Contains(crash));
            }
            // Nothing written: no results file, report, export or sweep folder, not even a
            // temporary one, and no input overwritten.
            CHECK(listing(work) == before);
        }
    }
    CHECK(commands >= cases.size());
}
