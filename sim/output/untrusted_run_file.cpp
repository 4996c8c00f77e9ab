#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <optional>
#include <poll.h>
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
constexpr int kChildDone = 0;
constexpr int kChildRefused = 3;
constexpr int kChildOtherError = 4;
constexpr std::size_t kMaxMessageBytes = 64 * 1024;

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kAddressSanitizer = true;
#else
constexpr bool kAddressSanitizer = false;
#endif
#else
constexpr bool kAddressSanitizer = false;
#endif

void set_limit(int resource, rlim_t wanted) {
    rlimit limit{};
    getrlimit(resource, &limit);
    // Never above the hard limit we inherited (raising it would fail and leave it unset).
    const rlim_t soft = limit.rlim_max == RLIM_INFINITY ? wanted : std::min(wanted, limit.rlim_max);
    const rlim_t hard = limit.rlim_max == RLIM_INFINITY ? soft + 1 : limit.rlim_max;
    limit.rlim_cur = soft;
    limit.rlim_max = hard;
    setrlimit(resource, &limit);
}

/// The child: isolated from the terminal and the parent's signal handling, limited, and
/// reporting through `message_fd` and its exit code only.
[[noreturn]] void child(const std::function<void()>& work, int message_fd, double cpu_limit_s) {
    // A fault ends the child by its signal: handlers the parent installed (a test framework's,
    // a sanitizer's) would report it as theirs, or carry on. Nothing stays blocked.
    for (const int signal :
         {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT, SIGTRAP, SIGXCPU, SIGPIPE, SIGALRM}) {
        std::signal(signal, SIG_DFL);
    }
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    // No terminal to read from (a file whose external storage names /dev/tty would stop the
    // child for ever) or write to, no core files.
    setsid();
    if (const int null = open("/dev/null", O_RDWR); null >= 0) {
        dup2(null, STDIN_FILENO);
        // Nothing the library (or a sanitizer) says about the file reaches the user: the
        // command reports the outcome, once.
        dup2(null, STDOUT_FILENO);
        dup2(null, STDERR_FILENO);
        close(null);
    }
    set_limit(RLIMIT_CORE, 0);
    // The soft CPU limit raises SIGXCPU, whose default action ends the child.
    set_limit(RLIMIT_CPU, static_cast<rlim_t>(std::ceil(cpu_limit_s)));
    if (!kAddressSanitizer) {  // AddressSanitizer reserves terabytes of address space
        set_limit(RLIMIT_AS, rlim_t{16} << 30);
    }
    int code = kChildDone;
    std::string message;
    try {
        work();
    } catch (const RunFileError& e) {
        code = kChildRefused;
        message = e.what();
    } catch (const std::exception& e) {
        code = kChildOtherError;
        message = e.what();
    } catch (...) {
        code = kChildOtherError;
    }
    message.resize(std::min(message.size(), kMaxMessageBytes));
    for (std::size_t sent = 0; sent < message.size();) {
        const ssize_t n = write(message_fd, message.data() + sent, message.size() - sent);
        if (n <= 0) {
            break;
        }
        sent += static_cast<std::size_t>(n);
    }
    // _exit: the parent's buffered output and atexit handlers are the parent's alone.
    _exit(code);
}

/// Reads the child's message until it closes its end (it exits) or the deadline passes.
/// Returns false at the deadline.
bool read_message(int fd, std::chrono::steady_clock::time_point deadline, std::string& out) {
    char buffer[4096];
    for (;;) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
                              deadline - std::chrono::steady_clock::now())
                              .count();
        if (left <= 0) {
            return false;
        }
        pollfd p{fd, POLLIN, 0};
        const int ready = poll(&p, 1, static_cast<int>(std::min<long long>(left, 60'000)));
        if (ready < 0 && errno != EINTR) {
            return true;
        }
        if (ready <= 0) {
            continue;
        }
        const ssize_t n = read(fd, buffer, sizeof buffer);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return true;
        }
        if (out.size() < kMaxMessageBytes) {
            out.append(buffer, static_cast<std::size_t>(n));
        }
    }
}

std::string describe(int status, double cpu_limit_s) {
    if (WIFSIGNALED(status) && WTERMSIG(status) == SIGXCPU) {
        return fmt::format("did not finish within {:.0f} s of CPU time", cpu_limit_s);
    }
    if (WIFSIGNALED(status)) {
        const char* name = sigabbrev_np(WTERMSIG(status));
        return fmt::format("crashed (signal {}, SIG{})", WTERMSIG(status),
                           name != nullptr ? name : "?");
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) == kChildOtherError) {
        return "stopped with an unexpected error";
    }
    return fmt::format("ended with exit code {}", WEXITSTATUS(status));
}

/// A folder of our own under the temporary directory, removed with everything in it.
class ScratchFolder {
  public:
    ScratchFolder() {
        std::string pattern = (std::filesystem::temp_directory_path() / "lastmile-read-XXXXXX");
        if (mkdtemp(pattern.data()) == nullptr) {
            throw RunFileError(
                fmt::format("cannot make a scratch folder in {} to read a file "
                            "safely ({})",
                            std::filesystem::temp_directory_path().string(), std::strerror(errno)));
        }
        path_ = pattern;
    }
    ScratchFolder(const ScratchFolder&) = delete;
    ScratchFolder& operator=(const ScratchFolder&) = delete;
    ~ScratchFolder() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    const std::filesystem::path& path() const { return path_; }

  private:
    std::filesystem::path path_;
};

/// SIGCHLD at its default while a child is waited for: a parent started with it ignored
/// would have its children reaped before it could see how they ended.
class DefaultSigchld {
  public:
    DefaultSigchld() {
        struct sigaction plain {};
        plain.sa_handler = SIG_DFL;
        sigemptyset(&plain.sa_mask);
        sigaction(SIGCHLD, &plain, &saved_);
    }
    DefaultSigchld(const DefaultSigchld&) = delete;
    DefaultSigchld& operator=(const DefaultSigchld&) = delete;
    ~DefaultSigchld() { sigaction(SIGCHLD, &saved_, nullptr); }

  private:
    struct sigaction saved_ {};
};

}  // namespace

double untrusted_read_cpu_limit_s(std::uintmax_t file_bytes) {
    return 60.0 + 2.0 * static_cast<double>(file_bytes) / 1e6;
}

double untrusted_read_wall_limit_s(double cpu_limit_s) {
    return 4 * cpu_limit_s;
}

Trial trial_in_child(const std::function<void()>& work, double cpu_limit_s, double wall_limit_s) {
    const DefaultSigchld sigchld;
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) {
        throw RunFileError(
            fmt::format("cannot start a process to read a file safely ({})", std::strerror(errno)));
    }
    const pid_t pid = fork();
    if (pid < 0) {
        close(fds[0]);
        close(fds[1]);
        throw RunFileError(
            fmt::format("cannot start a process to read a file safely ({})", std::strerror(errno)));
    }
    if (pid == 0) {
        close(fds[0]);
        child(work, fds[1], cpu_limit_s);
    }
    close(fds[1]);
    const auto deadline = std::chrono::steady_clock::now() +
                          std::chrono::milliseconds(static_cast<long long>(wall_limit_s * 1000));
    Trial trial;
    const bool in_time = read_message(fds[0], deadline, trial.message);
    close(fds[0]);
    if (!in_time) {
        kill(pid, SIGKILL);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) {
            throw RunFileError(
                fmt::format("lost the process reading a file ({})", std::strerror(errno)));
        }
    }
    if (!in_time) {
        trial.outcome = Trial::Outcome::failed;
        trial.message = fmt::format("did not finish within {:.0f} s", wall_limit_s);
    } else if (WIFEXITED(status) && WEXITSTATUS(status) == kChildDone) {
        trial.outcome = Trial::Outcome::done;
    } else if (WIFEXITED(status) && WEXITSTATUS(status) == kChildRefused) {
        trial.outcome = Trial::Outcome::refused;
    } else {
        const std::string said = trial.message;
        trial.outcome = Trial::Outcome::failed;
        trial.message = describe(status, cpu_limit_s);
        if (WIFEXITED(status) && WEXITSTATUS(status) == kChildOtherError && !said.empty()) {
            trial.message += ": " + said;
        }
    }
    return trial;
}

RunFileContents read_untrusted_run_file(const std::filesystem::path& path, RunFileParts parts) {
    std::error_code error;
    const std::uintmax_t bytes = std::filesystem::file_size(path, error);
    std::optional<ScratchFolder> scratch;
    try {
        scratch.emplace();
    } catch (const RunFileError&) {
        // No scratch space: the child still proves the file safe to read (below).
    }
    const std::filesystem::path copy =
        scratch ? scratch->path() / "checked.h5" : std::filesystem::path();
    const double cpu_limit_s = untrusted_read_cpu_limit_s(error ? 0 : bytes);
    const Trial trial = trial_in_child(
        [&] {
            const RunFileContents contents = read_run_file(path, RunFileParts::all);
            if (!copy.empty()) {
                try {
                    write_run_file(copy, contents.provenance, contents.records);
                } catch (const RunFileError&) {
                    // Not the file's fault (a full disk, a file-size limit): no copy, and the
                    // command reads the file itself, now that it is known to read cleanly.
                }
            }
        },
        cpu_limit_s, untrusted_read_wall_limit_s(cpu_limit_s));
    switch (trial.outcome) {
        case Trial::Outcome::refused:
            throw RunFileError(trial.message);
        case Trial::Outcome::failed:
            throw RunFileError(fmt::format(
                "{}: reading it {}: the file is damaged or made to break HDF5 readers, and was "
                "not read",
                path.string(), trial.message));
        case Trial::Outcome::done:
            break;
    }
    if (!copy.empty() && std::filesystem::is_regular_file(copy, error)) {
        return read_run_file(copy, parts);
    }
    return read_run_file(path, parts);
}

}  // namespace lastmile::output
