#pragma once
/// Reading a results file that came from elsewhere.
///
/// Regulators open results files that operators send them. The HDF5 library parses a file's
/// structure in C and trusts much of it: a damaged or crafted file can make it read out of
/// bounds, crash or loop for ever (fuzzing found all three in the global heap code of HDF5
/// 1.10.8). No check of ours can run before the library's own parsing, so the file is read
/// first in a child process, with a CPU-time limit; only a file the child read completely, or
/// refused with an error, is then read by the command itself.

#include <cstdint>
#include <filesystem>
#include <string>

#include <lastmile/output/run_file.hpp>

namespace lastmile::output {

/// The CPU time a child may spend reading: a minute, and two seconds per megabyte of file.
/// Reading a 100 MB results file takes about a second.
double untrusted_read_cpu_limit_s(std::uintmax_t file_bytes);

/// read_run_file(path, parts), after a trial read in a child process. Throws RunFileError as
/// read_run_file does, and also when the trial read crashed (a signal), ran past the CPU-time
/// limit or ended in any other way than reading or refusing the file: the message names what
/// happened. Forks, so call it only while the process has a single thread.
RunFileContents read_untrusted_run_file(const std::filesystem::path& path,
                                        RunFileParts parts = RunFileParts::all);

/// What a trial read in a child process came to.
struct TrialRead {
    enum class Outcome { read, refused, failed };
    Outcome outcome = Outcome::read;
    std::string failure;  ///< for `failed`: "crashed (signal 11, SIGSEGV)" ...
};

/// Runs `read` in a child process with the given CPU-time limit: `read` returning is `read`,
/// throwing RunFileError is `refused`, anything else (another exception, a signal, the limit,
/// another exit) is `failed`. The seam that read_untrusted_run_file is made of, public so that
/// its handling of crashes can be tested with a reader that crashes on purpose.
TrialRead trial_read_in_child(void (*read)(const std::filesystem::path&),
                              const std::filesystem::path& path, double cpu_limit_s);

}  // namespace lastmile::output
