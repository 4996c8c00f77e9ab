#pragma once
// Compound HDF5 tables described once per record type. A schema lists the columns (name, unit,
// storage kind, and how to get and set the field); the same schema writes and reads the table,
// so the two cannot drift apart, and the units attribute comes from it too.

#include <algorithm>
#include <cstring>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include <lastmile/output/run_file.hpp>

#include "compressed_chunks.hpp"
#include "h5.hpp"

namespace lastmile::output::detail {

enum class Kind { u64, i64, u32, i32, i8, f64, text, long_text };
inline constexpr std::size_t kTextLength = 24;  ///< fixed-length, NUL-padded
/// For key paths and source citations, which do not fit in kTextLength.
inline constexpr std::size_t kLongTextLength = 160;

inline std::size_t size_of(Kind kind) {
    switch (kind) {
        case Kind::u64:
        case Kind::i64:
        case Kind::f64:
            return 8;
        case Kind::u32:
        case Kind::i32:
            return 4;
        case Kind::i8:
            return 1;
        case Kind::text:
            return kTextLength;
        case Kind::long_text:
            return kLongTextLength;
    }
    return 0;
}

template <typename Record>
struct Column {
    std::string name;
    std::string unit;
    Kind kind;
    std::function<void(const Record&, unsigned char*)> put;
    std::function<void(Record&, const unsigned char*)> get;  ///< throws RunFileError on bad data
};

template <typename Record>
using Schema = std::vector<Column<Record>>;

/// A numeric column bound to a data member; the stored kind decides the width.
template <typename Stored, Kind K, typename Record, typename Field>
Column<Record> numeric(std::string name, std::string unit, Field Record::*member) {
    return Column<Record>{std::move(name), std::move(unit), K,
                          [member](const Record& r, unsigned char* out) {
                              const auto v = static_cast<Stored>(r.*member);
                              std::memcpy(out, &v, sizeof v);
                          },
                          [member](Record& r, const unsigned char* in) {
                              Stored v;
                              std::memcpy(&v, in, sizeof v);
                              r.*member = static_cast<Field>(v);
                          }};
}

template <typename Record, typename F>
Column<Record> f64(std::string name, std::string unit, F Record::*m) {
    return numeric<double, Kind::f64>(std::move(name), std::move(unit), m);
}
template <typename Record, typename F>
Column<Record> u64(std::string name, std::string unit, F Record::*m) {
    return numeric<std::uint64_t, Kind::u64>(std::move(name), std::move(unit), m);
}
template <typename Record, typename F>
Column<Record> i64(std::string name, std::string unit, F Record::*m) {
    return numeric<std::int64_t, Kind::i64>(std::move(name), std::move(unit), m);
}
template <typename Record, typename F>
Column<Record> u32(std::string name, std::string unit, F Record::*m) {
    return numeric<std::uint32_t, Kind::u32>(std::move(name), std::move(unit), m);
}
template <typename Record, typename F>
Column<Record> i32(std::string name, std::string unit, F Record::*m) {
    return numeric<std::int32_t, Kind::i32>(std::move(name), std::move(unit), m);
}
template <typename Record, typename F>
Column<Record> i8(std::string name, std::string unit, F Record::*m) {
    return numeric<std::int8_t, Kind::i8>(std::move(name), std::move(unit), m);
}

/// A text column for an enum with a table of names.
template <typename Record, typename Enum, std::size_t N>
Column<Record> label(std::string name, Enum Record::*member, const std::string_view (&names)[N]) {
    return Column<Record>{
        name, "1", Kind::text,
        [member, &names](const Record& r, unsigned char* out) {
            const auto text = names[static_cast<std::size_t>(r.*member)];
            std::memcpy(out, text.data(), std::min(text.size(), kTextLength));
        },
        [member, &names, name](Record& r, const unsigned char* in) {
            const auto* chars = reinterpret_cast<const char*>(in);
            const std::string_view text(chars, strnlen(chars, kTextLength));
            for (std::size_t i = 0; i < N; ++i) {
                if (names[i] == text) {
                    r.*member = static_cast<Enum>(i);
                    return;
                }
            }
            throw RunFileError("column " + name + ": unknown value '" + std::string(text) + "'");
        }};
}

/// A free-text column bound to a std::string member, truncated to the kind's length.
template <typename Record>
Column<Record> text(std::string name, std::string Record::*member, Kind kind = Kind::text) {
    const std::size_t length = size_of(kind);
    return Column<Record>{std::move(name), "1", kind,
                          [member, length](const Record& r, unsigned char* out) {
                              const std::string& s = r.*member;
                              std::memcpy(out, s.data(), std::min(s.size(), length));
                          },
                          [member, length](Record& r, const unsigned char* in) {
                              const auto* chars = reinterpret_cast<const char*>(in);
                              r.*member = std::string(chars, strnlen(chars, length));
                          }};
}

/// Builds the HDF5 compound type of a schema (packed, little-endian file layout).
template <typename Record>
h5::Id row_type(const Schema<Record>& schema, std::size_t& row_size) {
    row_size = 0;
    for (const auto& c : schema) {
        row_size += size_of(c.kind);
    }
    h5::Id type = h5::checked(H5Tcreate(H5T_COMPOUND, row_size), H5Tclose, "create row type");
    h5::Id text_type = h5::checked(H5Tcopy(H5T_C_S1), H5Tclose, "copy string type");
    h5::checked(H5Tset_size(text_type, kTextLength), "size text type");
    h5::checked(H5Tset_strpad(text_type, H5T_STR_NULLPAD), "pad text type");
    h5::Id long_text_type = h5::checked(H5Tcopy(text_type), H5Tclose, "copy string type");
    h5::checked(H5Tset_size(long_text_type, kLongTextLength), "size long text type");
    std::size_t offset = 0;
    for (const auto& c : schema) {
        hid_t member = H5T_NATIVE_DOUBLE;
        switch (c.kind) {
            case Kind::u64:
                member = H5T_NATIVE_UINT64;
                break;
            case Kind::i64:
                member = H5T_NATIVE_INT64;
                break;
            case Kind::u32:
                member = H5T_NATIVE_UINT32;
                break;
            case Kind::i32:
                member = H5T_NATIVE_INT32;
                break;
            case Kind::i8:
                member = H5T_NATIVE_INT8;
                break;
            case Kind::f64:
                member = H5T_NATIVE_DOUBLE;
                break;
            case Kind::text:
                member = text_type;
                break;
            case Kind::long_text:
                member = long_text_type;
                break;
        }
        h5::checked(H5Tinsert(type, c.name.c_str(), offset, member), "add column " + c.name);
        offset += size_of(c.kind);
    }
    return type;
}

/// Writes `rows` as a chunked, compressed table with a `units` attribute.
template <typename Record>
void write_table(hid_t parent, const std::string& name, const Schema<Record>& schema,
                 const std::vector<Record>& rows) {
    std::size_t row_size = 0;
    h5::Id type = row_type(schema, row_size);
    const hsize_t count = rows.size();
    const hsize_t unlimited = H5S_UNLIMITED;
    h5::Id space = h5::checked(H5Screate_simple(1, &count, &unlimited), H5Sclose,
                               "create dataspace of " + name);
    h5::Id properties = h5::checked(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "create properties");
    // Chunked and compressed: tables compress several-fold and can be appended to later.
    const hsize_t chunk = std::clamp<hsize_t>(count, 1, 16384);
    h5::checked(H5Pset_chunk(properties, 1, &chunk), "chunk " + name);
    h5::checked(H5Pset_shuffle(properties), "shuffle " + name);
    h5::checked(H5Pset_deflate(properties, kTableDeflateLevel), "compress " + name);
    h5::Id dataset = h5::checked(
        H5Dcreate2(parent, name.c_str(), type, space, H5P_DEFAULT, properties, H5P_DEFAULT),
        H5Dclose, "create table " + name);
    // Rows are laid out a chunk at a time, as they are compressed: a table's whole layout
    // (over 100 MB for a metro day's flight tracks) is never in memory at once.
    const auto pack = [&](std::size_t first, std::size_t n, unsigned char* out) {
        for (std::size_t i = first; i < first + n; ++i) {
            for (const auto& c : schema) {
                c.put(rows[i], out);
                out += size_of(c.kind);
            }
        }
    };
    write_compressed_chunks(dataset, row_size, rows.size(), chunk, pack, name);
    std::vector<std::string> units;
    for (const auto& c : schema) {
        units.push_back(c.unit);
    }
    h5::write_attribute(dataset, "units", units);
}

/// Reads a table written by write_table; rejects tables whose columns differ from the schema.
template <typename Record>
std::vector<Record> read_table(hid_t parent, const std::string& name,
                               const Schema<Record>& schema) {
    h5::Id dataset = h5::dataset_open(parent, name);
    const std::string where = h5::path_of(dataset);  // "/timeseries/fleet", for messages
    h5::Id stored = h5::checked(H5Dget_type(dataset), H5Tclose, "get type of " + name);
    if (H5Tget_class(stored) != H5T_COMPOUND ||
        H5Tget_nmembers(stored) != static_cast<int>(schema.size())) {
        throw RunFileError(where + ": expected a table with " + std::to_string(schema.size()) +
                           " columns");
    }
    for (const auto& c : schema) {
        if (H5Tget_member_index(stored, c.name.c_str()) < 0) {
            throw RunFileError(where + ": missing column " + c.name);
        }
    }
    h5::Id space = h5::checked(H5Dget_space(dataset), H5Sclose, "get dataspace of " + name);
    if (H5Sget_simple_extent_ndims(space) != 1) {
        throw RunFileError(where + ": expected a one-dimensional table");
    }
    hsize_t count = 0;
    H5Sget_simple_extent_dims(space, &count, nullptr);
    // A damaged or hostile file can claim any size; refuse counts beyond what we ever write.
    constexpr hsize_t kMaxRows = hsize_t{1} << 31;
    if (count > kMaxRows) {
        throw RunFileError(where + ": " + std::to_string(count) +
                           " rows is more than a results file may hold");
    }
    // Nor may it claim more rows than its stored bytes can hold: deflate compresses at most
    // about 1000:1, so a table whose rows would need far more than that (chunks never
    // written, a forged size) is damaged, and is refused before memory is set aside for it.
    const hsize_t stored_bytes = H5Dget_storage_size(dataset);
    const double claimed_bytes =
        static_cast<double>(count) * static_cast<double>(H5Tget_size(stored));
    if (claimed_bytes > 4096.0 * static_cast<double>(stored_bytes) + 1048576.0) {
        throw RunFileError(where + ": claims " + std::to_string(count) + " rows but stores only " +
                           std::to_string(stored_bytes) + " bytes of them: the table is damaged");
    }
    std::size_t row_size = 0;
    h5::Id type = row_type(schema, row_size);
    std::vector<unsigned char> buffer(row_size * count, 0);
    if (count > 0) {
        h5::checked(H5Dread(dataset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, buffer.data()),
                    "read table " + where);
    }
    std::vector<Record> rows(count);
    for (std::size_t i = 0; i < count; ++i) {
        const unsigned char* in = buffer.data() + i * row_size;
        for (const auto& c : schema) {
            try {
                c.get(rows[i], in);
            } catch (const RunFileError& e) {
                throw RunFileError(where + " row " + std::to_string(i) + ": " + e.what());
            }
            in += size_of(c.kind);
        }
    }
    return rows;
}

}  // namespace lastmile::output::detail
