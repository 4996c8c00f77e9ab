#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstring>
#include <string>
#include <sys/resource.h>
#include <sys/wait.h>
#include <system_error>
#include <unistd.h>

#include <fmt/format.h>

#include <lastmile/output/untrusted_run_file.hpp>

namespace lastmile::output {

namespace {

// Exit codes of the child; anything else, or a signal, is a failure.
constexpr int kChildRead = 0;
constexpr int kChildRefused = 3;
constexpr int kChildOtherError = 4;

void read_everything(const std::filesystem::path& path) {
    (void)read_run_file(path, RunFileParts::all);
}

[[noreturn]] void child(void (*read)(const std::filesystem::path&),
                        const std::filesystem::path& path, double cpu_limit_s) {
    // A fault ends the child by its signal: handlers the parent installed (a test framework's,
    // a sanitizer's) would report it as theirs, or carry on.
    for (const int signal : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGTRAP, SIGXCPU}) {
        std::signal(signal, SIG_DFL);
    }
    // The soft limit raises SIGXCPU, whose default action ends the child.
    const auto seconds = static_cast<rlim_t>(std::ceil(cpu_limit_s));
    const rlimit limit{seconds, seconds + 1};
    setrlimit(RLIMIT_CPU, &limit);
    int code = kChildRead;
    try {
        read(path);
    } catch (const RunFileError&) {
        code = kChildRefused;
    } catch (...) {
        code = kChildOtherError;
    }
    // _exit: the parent's buffered output and atexit handlers are the parent's alone.
    _exit(code);
}

}  // namespace

double untrusted_read_cpu_limit_s(std::uintmax_t file_bytes) {
    return 60.0 + 2.0 * static_cast<double>(file_bytes) / 1e6;
}

TrialRead trial_read_in_child(void (*read)(const std::filesystem::path&),
                              const std::filesystem::path& path, double cpu_limit_s) {
    const pid_t pid = fork();
    if (pid < 0) {
        throw RunFileError(fmt::format("{}: cannot start a process to read it safely ({})",
                                       path.string(), std::strerror(errno)));
    }
    if (pid == 0) {
        child(read, path, cpu_limit_s);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            throw RunFileError(fmt::format("{}: lost the process reading it ({})", path.string(),
                                           std::strerror(errno)));
        }
    }
    TrialRead trial;
    if (WIFEXITED(status) && WEXITSTATUS(status) == kChildRead) {
        trial.outcome = TrialRead::Outcome::read;
    } else if (WIFEXITED(status) && WEXITSTATUS(status) == kChildRefused) {
        trial.outcome = TrialRead::Outcome::refused;
    } else {
        trial.outcome = TrialRead::Outcome::failed;
        if (WIFSIGNALED(status) && WTERMSIG(status) == SIGXCPU) {
            trial.failure = fmt::format("did not finish within {:.0f} s of CPU time", cpu_limit_s);
        } else if (WIFSIGNALED(status)) {
            const char* name = sigabbrev_np(WTERMSIG(status));
            trial.failure = fmt::format("crashed (signal {}, SIG{})", WTERMSIG(status),
                                        name != nullptr ? name : "?");
        } else if (WIFEXITED(status) && WEXITSTATUS(status) == kChildOtherError) {
            trial.failure = "stopped with an unexpected error";
        } else {
            trial.failure = fmt::format("ended with exit code {}", WEXITSTATUS(status));
        }
    }
    return trial;
}

RunFileContents read_untrusted_run_file(const std::filesystem::path& path, RunFileParts parts) {
    std::error_code error;
    const std::uintmax_t bytes = std::filesystem::file_size(path, error);
    const TrialRead trial =
        trial_read_in_child(&read_everything, path, untrusted_read_cpu_limit_s(error ? 0 : bytes));
    if (trial.outcome == TrialRead::Outcome::failed) {
        throw RunFileError(fmt::format(
            "{}: reading it {}: the file is damaged or made to break HDF5 readers, and was not "
            "read",
            path.string(), trial.failure));
    }
    // Read, or refused: the read here gives the same contents, or the same error with its
    // message.
    return read_run_file(path, parts);
}

}  // namespace lastmile::output
