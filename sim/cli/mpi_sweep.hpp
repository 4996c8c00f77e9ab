#pragma once
// Sharing a sweep's runs among MPI ranks (when built with LASTMILE_MPI and started by
// mpirun): every rank takes the next run from a counter on rank 0 as it becomes free, so
// ranks that draw long runs simply take fewer.

#include <cstddef>
#include <functional>
#include <optional>

namespace lastmile::cli {

class MpiSweep {
  public:
    /// Initialises MPI if this process was started by an MPI launcher; otherwise does nothing
    /// and active() is false.
    MpiSweep(int& argc, char**& argv);
    ~MpiSweep();
    MpiSweep(const MpiSweep&) = delete;
    MpiSweep& operator=(const MpiSweep&) = delete;

    bool active() const noexcept { return size_ > 1; }
    int rank() const noexcept { return rank_; }
    int size() const noexcept { return size_; }

    /// The next run index among `total`, or nothing when all are taken. Not thread-safe:
    /// callers serialise (the runner calls it under its lock).
    std::function<std::optional<std::size_t>()> next_run(std::size_t total);
    /// Waits for every rank; true if every rank reports `ok`.
    bool all_ok(bool ok);
    /// Sums a count over the ranks (the result on every rank).
    std::size_t sum(std::size_t value);

  private:
    int rank_ = 0;
    int size_ = 1;
    // Used only when built with MPI (LASTMILE_WITH_MPI); the header is the same either way.
    [[maybe_unused]] bool initialised_ = false;
    [[maybe_unused]] void* window_ = nullptr;  // MPI_Win, kept opaque so this header needs no MPI
    [[maybe_unused]] long long* counter_ = nullptr;
};

}  // namespace lastmile::cli
