#pragma once
/// Reading a results file that came from elsewhere.
///
/// Regulators open results files that operators send them. The HDF5 library parses a file's
/// structure in C and trusts much of it: a damaged or crafted file can make it read out of
/// bounds, crash or loop for ever (fuzzing found all three in the global heap code of HDF5
/// 1.10.8). No check of ours can run before the library's own parsing. So the file is parsed
/// only in a child process, with limits on CPU time, wall-clock time and memory, and what the
/// child read is written back out by our own writer as a fresh file; the command then reads
/// that copy. The command's process never parses a byte of the untrusted file, and a file
/// changed between the two reads cannot matter. Only when no copy can be written (no scratch
/// space, a file-size limit) does the command read the file itself, after the child read it
/// completely.

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include <lastmile/output/run_file.hpp>

namespace lastmile::output {

/// The CPU time a child may spend reading: a minute, and two seconds per megabyte of file
/// (reading a 100 MB results file takes about a second).
double untrusted_read_cpu_limit_s(std::uintmax_t file_bytes);

/// The wall-clock time such a child may take: four times its CPU time, so that a child sharing
/// a busy machine (a sweep on every core) meets its CPU limit long before this one. This limit
/// is for children that wait without computing, which reading a file never should.
double untrusted_read_wall_limit_s(double cpu_limit_s);

/// read_run_file(path, parts) of a copy that a child process read and wrote out again. Throws
/// RunFileError with read_run_file's message when the file is refused, and also when the child
/// crashed (a signal), ran past a limit or ended in any other way: the message says what
/// happened. Forks, so call it only while the process has a single thread.
RunFileContents read_untrusted_run_file(const std::filesystem::path& path,
                                        RunFileParts parts = RunFileParts::all);

/// What work done in a child process came to.
struct Trial {
    enum class Outcome { done, refused, failed };
    Outcome outcome = Outcome::done;
    /// For `refused`: the RunFileError's message. For `failed`: what happened, e.g.
    /// "crashed (signal 11, SIGSEGV)" or "did not finish within 60 s of CPU time".
    std::string message;
};

/// Runs `work` in a child process with the given limits (seconds of CPU time, seconds of
/// wall-clock time): `work` returning is `done`, throwing RunFileError is `refused`, anything
/// else (another exception, a signal, a limit, another exit) is `failed`. The seam that
/// read_untrusted_run_file is made of, public so that its handling of crashes and hangs can be
/// tested with work that crashes or hangs on purpose.
Trial trial_in_child(const std::function<void()>& work, double cpu_limit_s, double wall_limit_s);

}  // namespace lastmile::output
