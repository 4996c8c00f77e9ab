#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fmt/format.h>

#include <lastmile/scenario/input_error.hpp>
#include <lastmile/scenario/input_file.hpp>

namespace lastmile::scenario {
namespace {

std::optional<std::string> kind_of(mode_t mode) {
    if (S_ISREG(mode)) {
        return std::nullopt;
    }
    if (S_ISDIR(mode)) {
        return "a directory";
    }
    if (S_ISFIFO(mode)) {
        return "a FIFO (named pipe)";
    }
    if (S_ISCHR(mode)) {
        return "a character device";
    }
    if (S_ISBLK(mode)) {
        return "a block device";
    }
    if (S_ISSOCK(mode)) {
        return "a socket";
    }
    return "not a regular file";
}

/// "is a FIFO (named pipe), not a regular file; expected a scenario file"
std::string refusal(const std::string& kind, std::string_view what) {
    if (kind == "a directory") {
        return fmt::format("is a directory, expected {}", what);
    }
    return fmt::format("is {}, not a regular file; expected {}", kind, what);
}

[[noreturn]] void refuse(const std::filesystem::path& path, const std::string& message) {
    throw InputError(SourceLocation{path.string(), 0, 0}, "", message);
}

/// Closes the descriptor however the read ends.
class Descriptor {
  public:
    explicit Descriptor(int fd) noexcept : fd_(fd) {}
    ~Descriptor() {
        if (fd_ >= 0) {
            ::close(fd_);
        }
    }
    Descriptor(const Descriptor&) = delete;
    Descriptor& operator=(const Descriptor&) = delete;
    int get() const noexcept { return fd_; }

  private:
    int fd_;
};

}  // namespace

std::filesystem::path resolve_input_path(const std::filesystem::path& scenario_dir,
                                         const std::string& name) {
    const std::filesystem::path named = name;
    return named.is_absolute() ? named : scenario_dir / named;
}

std::optional<std::string> special_file_refusal(const std::filesystem::path& path,
                                                std::string_view what) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) {
        return std::nullopt;
    }
    const auto kind = kind_of(st.st_mode);
    return kind ? std::optional(refusal(*kind, what)) : std::nullopt;
}

std::string read_input_file(const std::filesystem::path& path, std::string_view what,
                            std::size_t max_bytes) {
    // Looked at first without opening: opening some devices does something (a serial port
    // resets what is attached, a tape rewinds).
    if (const auto refused = special_file_refusal(path, what); refused) {
        refuse(path, *refused);
    }
    // O_NONBLOCK: should a FIFO take the file's place meanwhile, opening it returns at once
    // instead of waiting for a writer; the kind is checked again on the open descriptor, so
    // nothing can swap the file between that check and the read.
    const Descriptor fd(::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY));
    if (fd.get() < 0) {
        refuse(path, fmt::format("cannot open the file for reading ({})", std::strerror(errno)));
    }
    struct stat st {};
    if (::fstat(fd.get(), &st) != 0) {
        refuse(path, fmt::format("cannot read the file ({})", std::strerror(errno)));
    }
    if (const auto kind = kind_of(st.st_mode); kind) {
        refuse(path, refusal(*kind, what));
    }
    const auto too_large = [&] {
        refuse(path,
               fmt::format("is larger than {} MiB, the most {} may be", max_bytes >> 20, what));
    };
    if (static_cast<std::uintmax_t>(st.st_size) > max_bytes) {
        too_large();
    }
    // A regular file: reads block as usual from here (some network file systems would
    // otherwise answer EAGAIN).
    if (const int flags = ::fcntl(fd.get(), F_GETFL); flags >= 0) {
        ::fcntl(fd.get(), F_SETFL, flags & ~O_NONBLOCK);
    }
    // Read in pieces up to the cap: the size can change while the file is read.
    std::string text;
    text.reserve(static_cast<std::size_t>(st.st_size));
    char chunk[1 << 16];
    for (;;) {
        const ssize_t got = ::read(fd.get(), chunk, sizeof chunk);
        if (got == 0) {
            break;
        }
        if (got < 0) {
            if (errno == EINTR) {
                continue;
            }
            refuse(path, fmt::format("error while reading the file ({})", std::strerror(errno)));
        }
        text.append(chunk, static_cast<std::size_t>(got));
        if (text.size() > max_bytes) {
            too_large();
        }
    }
    return text;
}

}  // namespace lastmile::scenario
