#include <cstdio>

#include <lastmile/kernel/digest.hpp>

namespace lastmile::kernel {

std::string EventDigest::hex() const {
    char buffer[17];
    std::snprintf(buffer, sizeof buffer, "%016llx", static_cast<unsigned long long>(value()));
    return std::string(buffer, 16);
}

}  // namespace lastmile::kernel
