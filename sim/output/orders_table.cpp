#include "orders_table.hpp"

#include <cstddef>
#include <cstring>

#include <lastmile/output/run_file.hpp>

namespace lastmile::output::detail {

const std::vector<std::pair<std::string, std::string>>& order_columns() {
    static const std::vector<std::pair<std::string, std::string>> columns{
        {"id", "1"},         {"created_s", "s"}, {"dispatched_s", "s"}, {"delivered_s", "s"},
        {"depot", "1"},      {"vehicle", "1"},   {"point", "1"},        {"weight_kg", "kg"},
        {"distance_m", "m"}, {"energy_wh", "Wh"}, {"status", "1"},
    };
    return columns;
}

h5::Id order_row_type() {
    h5::Id type = h5::checked(H5Tcreate(H5T_COMPOUND, sizeof(OrderRow)), H5Tclose,
                              "create /orders row type");
    h5::Id status = h5::checked(H5Tcopy(H5T_C_S1), H5Tclose, "copy string type");
    h5::checked(H5Tset_size(status, kStatusLength), "size status type");
    h5::checked(H5Tset_strpad(status, H5T_STR_NULLPAD), "pad status type");
    const auto insert = [&](const char* name, std::size_t offset, hid_t member) {
        h5::checked(H5Tinsert(type, name, offset, member), std::string("add column ") + name);
    };
    insert("id", offsetof(OrderRow, id), H5T_NATIVE_UINT64);
    insert("created_s", offsetof(OrderRow, created_s), H5T_NATIVE_DOUBLE);
    insert("dispatched_s", offsetof(OrderRow, dispatched_s), H5T_NATIVE_DOUBLE);
    insert("delivered_s", offsetof(OrderRow, delivered_s), H5T_NATIVE_DOUBLE);
    insert("depot", offsetof(OrderRow, depot), H5T_NATIVE_INT32);
    insert("vehicle", offsetof(OrderRow, vehicle), H5T_NATIVE_INT32);
    insert("point", offsetof(OrderRow, point), H5T_NATIVE_INT32);
    insert("weight_kg", offsetof(OrderRow, weight_kg), H5T_NATIVE_DOUBLE);
    insert("distance_m", offsetof(OrderRow, distance_m), H5T_NATIVE_DOUBLE);
    insert("energy_wh", offsetof(OrderRow, energy_wh), H5T_NATIVE_DOUBLE);
    insert("status", offsetof(OrderRow, status), status);
    return type;
}

OrderRow to_row(const OrderRecord& r) {
    OrderRow row{r.id,        r.created_s, r.dispatched_s, r.delivered_s, r.depot, r.vehicle,
                 r.point,     r.weight_kg, r.distance_m,   r.energy_wh,   {}};
    const auto name = to_string(r.status);
    std::memcpy(row.status, name.data(), std::min(name.size(), kStatusLength));
    return row;
}

OrderRecord from_row(const OrderRow& row, std::size_t index) {
    OrderRecord r;
    r.id = row.id;
    r.created_s = row.created_s;
    r.dispatched_s = row.dispatched_s;
    r.delivered_s = row.delivered_s;
    r.depot = row.depot;
    r.vehicle = row.vehicle;
    r.point = row.point;
    r.weight_kg = row.weight_kg;
    r.distance_m = row.distance_m;
    r.energy_wh = row.energy_wh;
    const std::string_view status(row.status, strnlen(row.status, kStatusLength));
    for (std::size_t s = 0; s < std::size(kOrderStatusNames); ++s) {
        if (kOrderStatusNames[s] == status) {
            r.status = static_cast<OrderStatus>(s);
            return r;
        }
    }
    throw RunFileError("/orders row " + std::to_string(index) + ": unknown status '" +
                       std::string(status) + "'");
}

}  // namespace lastmile::output::detail
