#include "progress_bar.hpp"

#include <string>
#include <unistd.h>

#include <fmt/format.h>

namespace lastmile::cli {

ProgressBar::ProgressBar(std::FILE* out, double simulated_total_s)
    : out_(out), total_s_(simulated_total_s), active_(::isatty(::fileno(out)) == 1) {}

ProgressBar::~ProgressBar() {
    clear();
}

void ProgressBar::update(double fraction) {
    if (!active_) {
        return;
    }
    const int permille = static_cast<int>(fraction * 1000);
    if (permille == last_permille_) {
        return;
    }
    last_permille_ = permille;
    constexpr int kWidth = 30;
    const int filled = static_cast<int>(fraction * kWidth);
    const double hours = fraction * total_s_ / 3600.0;
    fmt::print(out_, "\r[{}{}] {:5.1f} %  simulated {:.2f} h of {:.2f} h", std::string(filled, '#'),
               std::string(kWidth - filled, '.'), fraction * 100, hours, total_s_ / 3600.0);
    std::fflush(out_);
}

void ProgressBar::clear() {
    if (active_ && last_permille_ >= 0) {
        fmt::print(out_, "\r\033[K");
        std::fflush(out_);
        last_permille_ = -1;
    }
}

}  // namespace lastmile::cli
