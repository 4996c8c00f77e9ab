#pragma once
// A one-line progress bar of simulated time, drawn only on a terminal.

#include <cstdio>

namespace lastmile::cli {

class ProgressBar {
  public:
    /// Draws on `out` only if it is a terminal; otherwise every call does nothing.
    ProgressBar(std::FILE* out, double simulated_total_s);
    ~ProgressBar();
    ProgressBar(const ProgressBar&) = delete;
    ProgressBar& operator=(const ProgressBar&) = delete;

    bool active() const noexcept { return active_; }
    void update(double fraction);
    /// Erases the bar so the summary starts on a clean line.
    void clear();

  private:
    std::FILE* out_;
    double total_s_;
    bool active_;
    int last_permille_ = -1;
};

}  // namespace lastmile::cli
