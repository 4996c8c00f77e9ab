#pragma once
// The /orders compound type, shared by the writer and the reader so they cannot drift apart.

#include <string>
#include <vector>

#include <lastmile/output/records.hpp>

#include "h5.hpp"

namespace lastmile::output::detail {

/// One /orders row as laid out in memory for HDF5 (status as a fixed-length string).
struct OrderRow {
    std::uint64_t id;
    double created_s;
    double dispatched_s;
    double delivered_s;
    std::int32_t depot;
    std::int32_t vehicle;
    std::int32_t point;
    double weight_kg;
    double distance_m;
    double energy_wh;
    char status[16];
};

inline constexpr std::size_t kStatusLength = sizeof(OrderRow::status);

/// Column names and units, in column order.
const std::vector<std::pair<std::string, std::string>>& order_columns();

/// The memory compound type of OrderRow (native types; HDF5 converts on read and write).
h5::Id order_row_type();

OrderRow to_row(const OrderRecord& record);
/// Throws RunFileError for a status string that is not one of kOrderStatusNames.
OrderRecord from_row(const OrderRow& row, std::size_t index);

}  // namespace lastmile::output::detail
