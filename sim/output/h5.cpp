#include "h5.hpp"

namespace lastmile::output::h5 {

void Id::close(const std::string& what) {
    if (id_ < 0) {
        return;
    }
    const herr_t status = closer_(std::exchange(id_, H5I_INVALID_HID));
    checked(status, what);
}

std::mutex& library_lock() {
    static std::mutex lock;
    return lock;
}

void silence_library_errors() {
    // No clean-up at exit: after a write that failed (a full disk), HDF5 1.10 keeps the file
    // it could not close, and its exit handler crashes trying again. Every file we open is
    // closed by its owner; a failed one is deleted, so there is nothing left to flush. Only
    // the first call, before the library starts, can take effect; later ones are no-ops.
    static const bool no_atexit = [] {
        H5dont_atexit();
        return true;
    }();
    static_cast<void>(no_atexit);
    H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
}

Id checked(hid_t id, Id::Closer closer, const std::string& what) {
    if (id < 0) {
        throw Error("HDF5: cannot " + what);
    }
    return Id(id, closer);
}

void checked(herr_t status, const std::string& what) {
    if (status < 0) {
        throw Error("HDF5: cannot " + what);
    }
}

Id file_create(const std::string& path) {
    // The HDF5 1.8 file format: its superblock and object headers carry checksums, so a
    // damaged file is refused by the library instead of read as garbage. Pinned above too, so
    // that a newer library writes the same structures.
    Id access = checked(H5Pcreate(H5P_FILE_ACCESS), H5Pclose, "create file access properties");
    checked(H5Pset_libver_bounds(access, H5F_LIBVER_V18, H5F_LIBVER_V110), "set format bounds");
    return checked(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, access), H5Fclose,
                   "create file " + path);
}

Id file_open_read(const std::string& path) {
    const hid_t id = H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    if (id < 0) {
        // It has HDF5's signature (callers check), yet the library cannot open it.
        throw Error("HDF5 cannot open the file: it is truncated or damaged");
    }
    return Id(id, H5Fclose);
}

std::string path_of(hid_t object) {
    const ssize_t size = H5Iget_name(object, nullptr, 0);
    if (size <= 0) {
        return "?";
    }
    std::string name(static_cast<std::size_t>(size), '\0');
    H5Iget_name(object, name.data(), static_cast<std::size_t>(size) + 1);
    return name;
}

std::string path_of(hid_t parent, const std::string& name) {
    const std::string base = path_of(parent);
    return base == "/" ? "/" + name : base + "/" + name;
}

Id group_create(hid_t parent, const std::string& name, bool track_order) {
    Id properties = checked(H5Pcreate(H5P_GROUP_CREATE), H5Pclose, "create group properties");
    if (track_order) {
        checked(
            H5Pset_link_creation_order(properties, H5P_CRT_ORDER_TRACKED | H5P_CRT_ORDER_INDEXED),
            "track creation order");
    }
    return checked(H5Gcreate2(parent, name.c_str(), H5P_DEFAULT, properties, H5P_DEFAULT), H5Gclose,
                   "create group " + name);
}

namespace {

/// Why `name` under `parent` could not be opened as `kind`: absent, or something else.
[[noreturn]] void cannot_open(hid_t parent, const std::string& name, const std::string& kind) {
    if (H5Lexists(parent, name.c_str(), H5P_DEFAULT) <= 0) {
        throw Error(path_of(parent, name) + ": missing (expected a " + kind + ")");
    }
    throw Error(path_of(parent, name) + ": HDF5 cannot open it as a " + kind);
}

}  // namespace

Id group_open(hid_t parent, const std::string& name) {
    const hid_t id = H5Gopen2(parent, name.c_str(), H5P_DEFAULT);
    if (id < 0) {
        cannot_open(parent, name, "group");
    }
    return Id(id, H5Gclose);
}

Id dataset_open(hid_t parent, const std::string& name) {
    const hid_t id = H5Dopen2(parent, name.c_str(), H5P_DEFAULT);
    if (id < 0) {
        cannot_open(parent, name, "dataset");
    }
    return Id(id, H5Dclose);
}

bool exists(hid_t parent, const std::string& name) {
    return H5Lexists(parent, name.c_str(), H5P_DEFAULT) > 0;
}

Id utf8_string_type() {
    Id type = checked(H5Tcopy(H5T_C_S1), H5Tclose, "copy string type");
    checked(H5Tset_size(type, H5T_VARIABLE), "make string type variable-length");
    checked(H5Tset_cset(type, H5T_CSET_UTF8), "set string type to UTF-8");
    return type;
}

namespace {

Id scalar_space() {
    return checked(H5Screate(H5S_SCALAR), H5Sclose, "create scalar dataspace");
}

void write_scalar_attribute(hid_t object, const std::string& name, hid_t file_type,
                            hid_t memory_type, const void* value) {
    Id space = scalar_space();
    Id attribute =
        checked(H5Acreate2(object, name.c_str(), file_type, space, H5P_DEFAULT, H5P_DEFAULT),
                H5Aclose, "create attribute " + name);
    checked(H5Awrite(attribute, memory_type, value), "write attribute " + name);
}

/// "/ attribute seed", "/scenario attribute file": where an attribute is, for messages.
std::string attribute_path(hid_t object, const std::string& name) {
    return path_of(object) + " attribute " + name;
}

Id open_attribute(hid_t object, const std::string& name) {
    const hid_t id = H5Aopen(object, name.c_str(), H5P_DEFAULT);
    if (id < 0) {
        throw Error(attribute_path(object, name) +
                    (H5Aexists(object, name.c_str()) > 0 ? ": HDF5 cannot open it" : ": missing"));
    }
    return Id(id, H5Aclose);
}

std::string class_name(H5T_class_t type_class) {
    switch (type_class) {
        case H5T_STRING:
            return "a string";
        case H5T_FLOAT:
            return "a floating-point number";
        case H5T_INTEGER:
            return "an integer";
        case H5T_COMPOUND:
            return "a table (compound type)";
        default:
            return "another type";
    }
}

// Files from elsewhere may hold an array where we expect one value, or text where we expect a
// number; check shape and type class before reading into a single variable.
void require_scalar(hid_t space_id, const std::string& what) {
    Id space(space_id, H5Sclose);
    if (space_id < 0 || H5Sget_simple_extent_type(space) != H5S_SCALAR) {
        throw Error(what + ": expected a single value, found an array");
    }
}

void require_class(hid_t type_id, H5T_class_t expected, const std::string& what) {
    Id type(type_id, H5Tclose);
    const H5T_class_t found = type_id < 0 ? H5T_NO_CLASS : H5Tget_class(type);
    if (found != expected) {
        throw Error(what + ": expected " + class_name(expected) + ", found " + class_name(found));
    }
}

Id open_scalar_attribute(hid_t object, const std::string& name, H5T_class_t expected) {
    Id attribute = open_attribute(object, name);
    require_scalar(H5Aget_space(attribute), attribute_path(object, name));
    require_class(H5Aget_type(attribute), expected, attribute_path(object, name));
    return attribute;
}

Id open_scalar_dataset(hid_t parent, const std::string& name, H5T_class_t expected) {
    Id dataset = dataset_open(parent, name);
    require_scalar(H5Dget_space(dataset), "dataset " + path_of(parent, name));
    require_class(H5Dget_type(dataset), expected, "dataset " + path_of(parent, name));
    return dataset;
}

}  // namespace

void write_attribute(hid_t object, const std::string& name, const std::string& value) {
    Id type = utf8_string_type();
    const char* text = value.c_str();
    write_scalar_attribute(object, name, type, type, &text);
}

void write_attribute(hid_t object, const std::string& name,
                     const std::vector<std::string>& values) {
    Id type = utf8_string_type();
    const hsize_t n = values.size();
    Id space = checked(H5Screate_simple(1, &n, nullptr), H5Sclose, "create dataspace");
    Id attribute = checked(H5Acreate2(object, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT),
                           H5Aclose, "create attribute " + name);
    std::vector<const char*> pointers;
    for (const auto& v : values) {
        pointers.push_back(v.c_str());
    }
    checked(H5Awrite(attribute, type, pointers.data()), "write attribute " + name);
}

void write_attribute(hid_t object, const std::string& name, double value) {
    write_scalar_attribute(object, name, H5T_IEEE_F64LE, H5T_NATIVE_DOUBLE, &value);
}

void write_attribute(hid_t object, const std::string& name, std::uint64_t value) {
    write_scalar_attribute(object, name, H5T_STD_U64LE, H5T_NATIVE_UINT64, &value);
}

void write_attribute(hid_t object, const std::string& name, std::int64_t value) {
    write_scalar_attribute(object, name, H5T_STD_I64LE, H5T_NATIVE_INT64, &value);
}

bool has_attribute(hid_t object, const std::string& name) {
    return H5Aexists(object, name.c_str()) > 0;
}

std::string read_string_attribute(hid_t object, const std::string& name) {
    Id attribute = open_scalar_attribute(object, name, H5T_STRING);
    Id stored = checked(H5Aget_type(attribute), H5Tclose, "get type of attribute " + name);
    if (H5Tget_class(stored) != H5T_STRING || H5Tis_variable_str(stored) <= 0) {
        throw Error(attribute_path(object, name) + ": expected a variable-length string");
    }
    Id type = utf8_string_type();
    char* text = nullptr;
    checked(H5Aread(attribute, type, &text), "read attribute " + name);
    std::string value = text != nullptr ? text : "";
    H5free_memory(text);
    return value;
}

double read_double_attribute(hid_t object, const std::string& name) {
    Id attribute = open_scalar_attribute(object, name, H5T_FLOAT);
    double value = 0;
    checked(H5Aread(attribute, H5T_NATIVE_DOUBLE, &value), "read attribute " + name);
    return value;
}

std::uint64_t read_uint64_attribute(hid_t object, const std::string& name) {
    Id attribute = open_scalar_attribute(object, name, H5T_INTEGER);
    std::uint64_t value = 0;
    checked(H5Aread(attribute, H5T_NATIVE_UINT64, &value), "read attribute " + name);
    return value;
}

std::int64_t read_int64_attribute(hid_t object, const std::string& name) {
    Id attribute = open_scalar_attribute(object, name, H5T_INTEGER);
    std::int64_t value = 0;
    checked(H5Aread(attribute, H5T_NATIVE_INT64, &value), "read attribute " + name);
    return value;
}

void write_string_dataset(hid_t parent, const std::string& name, const std::string& value) {
    Id type = utf8_string_type();
    Id space = scalar_space();
    Id dataset = checked(
        H5Dcreate2(parent, name.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT),
        H5Dclose, "create dataset " + name);
    const char* text = value.c_str();
    checked(H5Dwrite(dataset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, &text), "write dataset " + name);
}

std::string read_string_dataset(hid_t parent, const std::string& name) {
    Id dataset = open_scalar_dataset(parent, name, H5T_STRING);
    {
        Id stored = checked(H5Dget_type(dataset), H5Tclose, "get type of dataset " + name);
        if (H5Tis_variable_str(stored) <= 0) {
            throw Error(path_of(parent, name) + ": expected a variable-length string");
        }
    }
    Id type = utf8_string_type();
    char* text = nullptr;
    checked(H5Dread(dataset, type, H5S_ALL, H5S_ALL, H5P_DEFAULT, &text), "read dataset " + name);
    std::string value = text != nullptr ? text : "";
    H5free_memory(text);
    return value;
}

void write_double_dataset(hid_t parent, const std::string& name, double value) {
    Id space = scalar_space();
    // Compact: the value lives in the dataset's object header, which carries a checksum, so a
    // damaged metric is refused rather than read.
    Id properties = checked(H5Pcreate(H5P_DATASET_CREATE), H5Pclose, "create dataset properties");
    checked(H5Pset_layout(properties, H5D_COMPACT), "make dataset compact");
    Id dataset = checked(H5Dcreate2(parent, name.c_str(), H5T_IEEE_F64LE, space, H5P_DEFAULT,
                                    properties, H5P_DEFAULT),
                         H5Dclose, "create dataset " + name);
    checked(H5Dwrite(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, &value),
            "write dataset " + name);
}

double read_double_dataset(hid_t parent, const std::string& name) {
    Id dataset = open_scalar_dataset(parent, name, H5T_FLOAT);
    double value = 0;
    checked(H5Dread(dataset, H5T_NATIVE_DOUBLE, H5S_ALL, H5S_ALL, H5P_DEFAULT, &value),
            "read dataset " + name);
    return value;
}

std::vector<std::string> member_names(hid_t group) {
    H5G_info_t info;
    checked(H5Gget_info(group, &info), "get group info");
    Id properties = checked(H5Gget_create_plist(group), H5Pclose, "get group properties");
    unsigned order_flags = 0;
    checked(H5Pget_link_creation_order(properties, &order_flags), "get link creation order");
    const H5_index_t index =
        (order_flags & H5P_CRT_ORDER_INDEXED) != 0 ? H5_INDEX_CRT_ORDER : H5_INDEX_NAME;
    std::vector<std::string> names;
    for (hsize_t i = 0; i < info.nlinks; ++i) {
        const ssize_t size =
            H5Lget_name_by_idx(group, ".", index, H5_ITER_INC, i, nullptr, 0, H5P_DEFAULT);
        checked(static_cast<herr_t>(size < 0 ? -1 : 0), "get member name");
        std::string name(static_cast<std::size_t>(size), '\0');
        H5Lget_name_by_idx(group, ".", index, H5_ITER_INC, i, name.data(),
                           static_cast<std::size_t>(size) + 1, H5P_DEFAULT);
        names.push_back(std::move(name));
    }
    return names;
}

}  // namespace lastmile::output::h5
