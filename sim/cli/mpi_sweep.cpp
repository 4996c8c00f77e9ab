#include "mpi_sweep.hpp"

#include <cstdlib>

#ifdef LASTMILE_WITH_MPI
// The C API only: the deprecated C++ bindings would need their own library.
#define OMPI_SKIP_MPICXX 1
#define MPICH_SKIP_MPICXX 1
#include <mpi.h>
#endif

namespace lastmile::cli {

#ifdef LASTMILE_WITH_MPI

namespace {

/// Started by mpirun/mpiexec (Open MPI, MPICH or a PMIx launcher such as srun)?
bool launched_by_mpi() {
    for (const char* name : {"OMPI_COMM_WORLD_SIZE", "PMI_SIZE", "PMIX_RANK"}) {
        if (std::getenv(name) != nullptr) {
            return true;
        }
    }
    return false;
}

}  // namespace

MpiSweep::MpiSweep(int& argc, char**& argv) {
    if (!launched_by_mpi()) {
        return;
    }
    int provided = 0;
    MPI_Init_thread(&argc, &argv, MPI_THREAD_SERIALIZED, &provided);
    initialised_ = true;
    MPI_Comm_rank(MPI_COMM_WORLD, &rank_);
    MPI_Comm_size(MPI_COMM_WORLD, &size_);
}

MpiSweep::~MpiSweep() {
    if (window_ != nullptr) {
        auto* window = static_cast<MPI_Win*>(window_);
        MPI_Win_unlock_all(*window);
        MPI_Win_free(window);
        delete window;
    }
    if (initialised_) {
        MPI_Finalize();
    }
}

std::function<std::optional<std::size_t>()> MpiSweep::next_run(std::size_t total) {
    auto* window = new MPI_Win;
    window_ = window;
    // One counter, on rank 0; every rank fetches and increments it atomically.
    MPI_Win_allocate(rank_ == 0 ? static_cast<MPI_Aint>(sizeof(long long)) : 0, sizeof(long long),
                     MPI_INFO_NULL, MPI_COMM_WORLD, &counter_, window);
    if (rank_ == 0) {
        *counter_ = 0;
    }
    MPI_Barrier(MPI_COMM_WORLD);
    MPI_Win_lock_all(0, *window);
    return [window, total]() -> std::optional<std::size_t> {
        const long long one = 1;
        long long taken = 0;
        MPI_Fetch_and_op(&one, &taken, MPI_LONG_LONG, 0, 0, MPI_SUM, *window);
        MPI_Win_flush(0, *window);
        if (taken < 0 || static_cast<std::size_t>(taken) >= total) {
            return std::nullopt;
        }
        return static_cast<std::size_t>(taken);
    };
}

bool MpiSweep::all_ok(bool ok) {
    int mine = ok ? 1 : 0;
    int all = 0;
    MPI_Allreduce(&mine, &all, 1, MPI_INT, MPI_MIN, MPI_COMM_WORLD);
    return all == 1;
}

std::size_t MpiSweep::sum(std::size_t value) {
    auto mine = static_cast<unsigned long long>(value);
    unsigned long long all = 0;
    MPI_Allreduce(&mine, &all, 1, MPI_UNSIGNED_LONG_LONG, MPI_SUM, MPI_COMM_WORLD);
    return static_cast<std::size_t>(all);
}

#else  // built without MPI: a single process

MpiSweep::MpiSweep(int&, char**&) {}
MpiSweep::~MpiSweep() = default;
std::function<std::optional<std::size_t>()> MpiSweep::next_run(std::size_t) {
    return {};
}
bool MpiSweep::all_ok(bool ok) {
    return ok;
}
std::size_t MpiSweep::sum(std::size_t value) {
    return value;
}

#endif

}  // namespace lastmile::cli
