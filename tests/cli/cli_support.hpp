#pragma once
// Running the `lastmile` binary from tests, and scratch directories for its files.

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <sys/wait.h>
#include <unistd.h>

#include <catch2/catch.hpp>

namespace lastmile::testing {

namespace fs = std::filesystem;

struct Result {
    int exit_code = -1;
    std::string out;  // stdout and stderr, interleaved
};

/// Runs a shell command line, capturing stdout and stderr together.
inline Result run_command(const std::string& command_line) {
    const std::string command = command_line + " 2>&1";
    Result result;
    FILE* pipe = ::popen(command.c_str(), "r");
    REQUIRE(pipe != nullptr);
    std::array<char, 4096> buffer{};
    std::size_t n = 0;
    while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0) {
        result.out.append(buffer.data(), n);
    }
    const int status = ::pclose(pipe);
    result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    return result;
}

inline Result run_lastmile(const std::string& arguments) {
    return run_command(std::string("'") + LASTMILE_BINARY + "' " + arguments);
}

struct Scratch {
    fs::path dir;
    Scratch() {
        dir = fs::temp_directory_path() / ("lastmile-cli-test-" + std::to_string(::getpid()) + "-" +
                                           std::to_string(counter()++));
        fs::create_directories(dir);
    }
    ~Scratch() { fs::remove_all(dir); }
    static int& counter() {
        static int n = 0;
        return n;
    }
    std::string write(const std::string& name, const std::string& text) const {
        std::ofstream(dir / name) << text;
        return (dir / name).string();
    }
    std::string path(const std::string& name) const { return (dir / name).string(); }
};

}  // namespace lastmile::testing
