// The results layout is documented in docs/results-format.md; this keeps the two in step.

#include <filesystem>
#include <fstream>
#include <sstream>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <hdf5.h>

#include <lastmile/output/run_file.hpp>
#include <lastmile/pipeline/run_scenario.hpp>
#include <lastmile/scenario/loader.hpp>

#include "support/economics_scenario.hpp"

namespace {

std::string read_doc() {
    std::ifstream in(LASTMILE_SOURCE_DIR "/docs/results-format.md");
    REQUIRE(in);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

bool documented(const std::string& doc, const std::string& name) {
    return doc.find("`" + name + "`") != std::string::npos;
}

/// The tiny scenario with an economics section, run, with its economics appended.
lastmile::output::RunRecords tiny_run() {
    const auto spec =
        lastmile::scenario::load_scenario_text(lastmile::testing::tiny_with_economics(), "t.yaml");
    lastmile::model::RunOptions options;
    options.trace = true;  // so that /trace is documented too
    return lastmile::pipeline::run_scenario(spec, options).records;
}

}  // namespace

TEST_CASE("every metric a run reports is documented", "[output][format]") {
    const auto doc = read_doc();
    const auto records = tiny_run();
    REQUIRE_FALSE(records.metrics.empty());
    REQUIRE_FALSE(records.economics.empty());
    for (const auto& m : records.metrics) {
        INFO("metric " << m.name);
        // One per vehicle type, documented by its pattern.
        const std::string name =
            m.name == "econ_break_even_fee_q" ? "econ_break_even_fee_TYPE" : m.name;
        CHECK(doc.find("`" + name + "` ") != std::string::npos);
    }
}

TEST_CASE("every attribute, group and column in a written file is documented", "[output][format]") {
    // Write a real file, then walk it with the HDF5 C API: whatever the writer adds must be
    // described in the document.
    const auto doc = read_doc();
    const auto records = tiny_run();
    const auto path = std::filesystem::temp_directory_path() /
                      ("lastmile-format-doc-" + std::to_string(::getpid()) + ".h5");
    lastmile::output::write_run_file(path, lastmile::output::RunProvenance{}, records);

    const hid_t file = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    REQUIRE(file >= 0);
    const auto names_of_attributes = [](hid_t object) {
        std::vector<std::string> names;
        H5Aiterate2(
            object, H5_INDEX_NAME, H5_ITER_INC, nullptr,
            [](hid_t, const char* name, const H5A_info_t*, void* out) -> herr_t {
                static_cast<std::vector<std::string>*>(out)->emplace_back(name);
                return 0;
            },
            &names);
        return names;
    };
    std::vector<std::string> names = names_of_attributes(file);
    CHECK(names.size() == 12);
    // Every group and dataset below the root, except the individual metrics (checked above).
    std::vector<std::string> objects;
    H5Ovisit(
        file, H5_INDEX_NAME, H5_ITER_INC,
        [](hid_t, const char* name, const H5O_info_t*, void* out) -> herr_t {
            const std::string object_path(name);
            if (object_path != "." && object_path.rfind("metrics/", 0) != 0) {
                static_cast<std::vector<std::string>*>(out)->push_back(object_path);
            }
            return 0;
        },
        &objects);
    CHECK(objects.size() >= 10);
    for (const auto& path_in_file : objects) {
        INFO("object /" << path_in_file);
        CHECK(documented(doc, "/" + path_in_file));
        const hid_t object = H5Oopen(file, path_in_file.c_str(), H5P_DEFAULT);
        REQUIRE(object >= 0);
        for (auto& n : names_of_attributes(object)) {
            names.push_back(std::move(n));
        }
        if (H5Iget_type(object) == H5I_DATASET) {
            const hid_t type = H5Dget_type(object);
            if (H5Tget_class(type) == H5T_COMPOUND) {
                for (int c = 0; c < H5Tget_nmembers(type); ++c) {
                    char* name = H5Tget_member_name(type, static_cast<unsigned>(c));
                    names.emplace_back(name);
                    H5free_memory(name);
                }
            }
            H5Tclose(type);
        }
        H5Oclose(object);
    }
    H5Fclose(file);
    std::filesystem::remove(path);

    for (const auto& name : names) {
        INFO("name " << name);
        CHECK(documented(doc, name));
    }
    for (const auto status : lastmile::output::kOrderStatusNames) {
        INFO("status " << status);
        CHECK(documented(doc, std::string(status)));
    }
}
