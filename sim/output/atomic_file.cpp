#include "atomic_file.hpp"

#include <atomic>
#include <cerrno>
#include <fcntl.h>
#include <fstream>
#include <system_error>
#include <unistd.h>

#include <lastmile/output/run_file.hpp>
#include <lastmile/output/text_file.hpp>

namespace lastmile::output::detail {
namespace {

void sync_to_disk(const std::filesystem::path& path, const std::string& what) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        throw std::system_error(errno, std::generic_category(), "open " + what + " to sync it");
    }
    const int status = ::fsync(fd);
    const int error = errno;
    ::close(fd);
    if (status != 0) {
        throw std::system_error(error, std::generic_category(), "sync " + what + " to disk");
    }
}

/// Makes the rename durable. Best effort: the file is complete and in place already, and some
/// file systems refuse to sync a directory.
void sync_directory(const std::filesystem::path& directory) noexcept {
    const int fd = ::open(directory.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        ::fsync(fd);
        ::close(fd);
    }
}

/// Has `write` fill a temporary file beside `path`, syncs it, and renames it into place.
void replace_atomically(const std::filesystem::path& path, const std::string& what,
                        const std::function<void(const std::filesystem::path&)>& write) {
    // The temporary sits beside the target so the final rename stays on one file system, and
    // carries the process id and a per-process count so concurrent writers never share one.
    static std::atomic<std::uint64_t> writes{0};
    std::filesystem::path temporary = path;
    temporary += ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(writes++);
    try {
        write(temporary);
        // The data must be on disk before the name says the file is complete.
        sync_to_disk(temporary, "the " + what);
        std::filesystem::rename(temporary, path);
        sync_directory(path.parent_path().empty() ? "." : path.parent_path());
    } catch (const std::exception& e) {
        std::error_code ignored;
        std::filesystem::remove(temporary, ignored);
        throw RunFileError("cannot write " + what + " " + path.string() + ": " + e.what());
    }
}

}  // namespace

void write_atomically(const std::filesystem::path& path, const std::function<void(hid_t)>& fill) {
    replace_atomically(path, "results file", [&](const std::filesystem::path& temporary) {
        // HDF5 calls only; syncing and renaming need no lock.
        const std::lock_guard guard(h5::library_lock());
        h5::silence_library_errors();
        h5::Id file = h5::file_create(temporary.string());
        fill(file);
        h5::checked(H5Fflush(file, H5F_SCOPE_GLOBAL), "flush " + temporary.string());
        file.close("close " + temporary.string());
    });
}

}  // namespace lastmile::output::detail

namespace lastmile::output {

void write_text_file(const std::filesystem::path& path, const std::string& text) {
    detail::replace_atomically(path, "file", [&](const std::filesystem::path& temporary) {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        if (!out) {
            throw std::system_error(errno, std::generic_category(), "create");
        }
        out.write(text.data(), static_cast<std::streamsize>(text.size()));
        out.flush();
        if (!out) {
            throw std::system_error(errno, std::generic_category(), "write");
        }
    });
}

}  // namespace lastmile::output
