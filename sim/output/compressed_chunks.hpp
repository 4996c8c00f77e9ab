#pragma once
// Writes a table's chunks already filtered, so that HDF5 stores them as they are. The filters
// are the ones the dataset declares (shuffle, then deflate), so any HDF5 reader, h5py
// included, reads the chunks back with its own zlib; only the compressor differs: libdeflate,
// several times faster than zlib at the same level, which is most of the time it takes to
// write a large results file.

#include <cstddef>
#include <functional>
#include <string>

#include <hdf5.h>

namespace lastmile::output {

/// The deflate level that tables declare and their chunks are compressed at.
inline constexpr int kTableDeflateLevel = 1;

/// Fills `out` with the rows [first, first + n) of a table, laid out as the dataset's type.
using PackRows = std::function<void(std::size_t first, std::size_t n, unsigned char* out)>;

/// Writes the `count` rows of `row_size` bytes each that `pack` lays out into the
/// one-dimensional chunked `dataset`, `chunk_rows` rows a chunk: one chunk of rows is in memory
/// at a time. The dataset must have been created with exactly the filters shuffle and deflate,
/// in that order, and extend over `count` rows. `name` is for messages.
void write_compressed_chunks(hid_t dataset, std::size_t row_size, std::size_t count,
                             std::size_t chunk_rows, const PackRows& pack, const std::string& name);

}  // namespace lastmile::output
