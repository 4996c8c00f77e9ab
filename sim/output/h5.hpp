#pragma once
// Thin RAII layer over the HDF5 C library, private to the output area. Every identifier is
// closed by its owner; every failing call becomes an exception that names what was being done.

#include <cstdint>
#include <mutex>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <hdf5.h>

namespace lastmile::output::h5 {

/// An HDF5 call failed; `what()` says which operation on which object.
class Error : public std::runtime_error {
  public:
    using std::runtime_error::runtime_error;
};

/// Owns one HDF5 identifier and closes it with the matching H5?close.
class Id {
  public:
    using Closer = herr_t (*)(hid_t);

    Id() = default;
    Id(hid_t id, Closer closer) noexcept : id_(id), closer_(closer) {}
    Id(Id&& other) noexcept
        : id_(std::exchange(other.id_, H5I_INVALID_HID)), closer_(other.closer_) {}
    Id& operator=(Id&& other) noexcept {
        if (this != &other) {
            reset();
            id_ = std::exchange(other.id_, H5I_INVALID_HID);
            closer_ = other.closer_;
        }
        return *this;
    }
    Id(const Id&) = delete;
    Id& operator=(const Id&) = delete;
    ~Id() { reset(); }

    hid_t get() const noexcept { return id_; }
    operator hid_t() const noexcept { return id_; }  // NOLINT: reads like the C API it wraps

    /// Closes now and reports failure (a close is where buffered data reach the disk).
    void close(const std::string& what);

  private:
    void reset() noexcept {
        if (id_ >= 0 && closer_ != nullptr) {
            closer_(id_);
        }
        id_ = H5I_INVALID_HID;
    }
    hid_t id_ = H5I_INVALID_HID;
    Closer closer_ = nullptr;
};

/// Turns HDF5's automatic error printing off for this thread's calls: we report errors ourselves.
void silence_library_errors();
/// The HDF5 library of the distributions is not built thread-safe: every use of it from this
/// project holds this lock.
std::mutex& library_lock();

Id checked(hid_t id, Id::Closer closer, const std::string& what);
void checked(herr_t status, const std::string& what);

Id file_create(const std::string& path);
Id file_open_read(const std::string& path);
Id group_create(hid_t parent, const std::string& name, bool track_order = false);
/// Where an object is in its file ("/scenario"), and a member of it ("/scenario/text").
std::string path_of(hid_t object);
std::string path_of(hid_t parent, const std::string& name);
/// Opening a member that is missing is an Error naming its path ("/orders: missing ...").
Id group_open(hid_t parent, const std::string& name);
Id dataset_open(hid_t parent, const std::string& name);
bool exists(hid_t parent, const std::string& name);

Id utf8_string_type();  ///< variable-length UTF-8 string

void write_attribute(hid_t object, const std::string& name, const std::string& value);
void write_attribute(hid_t object, const std::string& name, const std::vector<std::string>& values);
void write_attribute(hid_t object, const std::string& name, double value);
void write_attribute(hid_t object, const std::string& name, std::uint64_t value);
void write_attribute(hid_t object, const std::string& name, std::int64_t value);

bool has_attribute(hid_t object, const std::string& name);
std::string read_string_attribute(hid_t object, const std::string& name);
double read_double_attribute(hid_t object, const std::string& name);
std::uint64_t read_uint64_attribute(hid_t object, const std::string& name);
std::int64_t read_int64_attribute(hid_t object, const std::string& name);

/// A scalar dataset holding one string.
void write_string_dataset(hid_t parent, const std::string& name, const std::string& value);
std::string read_string_dataset(hid_t parent, const std::string& name);

/// A scalar double dataset.
void write_double_dataset(hid_t parent, const std::string& name, double value);
double read_double_dataset(hid_t parent, const std::string& name);

/// Names of a group's members in creation order (if tracked) or name order.
std::vector<std::string> member_names(hid_t group);

}  // namespace lastmile::output::h5
