#include "compressed_chunks.hpp"

#include <algorithm>
#include <libdeflate.h>
#include <memory>
#include <vector>

#include "h5.hpp"

namespace lastmile::output {

namespace {

struct CompressorDeleter {
    void operator()(libdeflate_compressor* c) const noexcept { libdeflate_free_compressor(c); }
};

/// HDF5's shuffle filter: byte k of every element first, for k = 0 .. size - 1. Numbers that
/// differ only in their low bytes then leave long runs for deflate.
void shuffle(const unsigned char* in, std::size_t element_size, std::size_t count,
             unsigned char* out) {
    for (std::size_t k = 0; k < element_size; ++k) {
        unsigned char* column = out + k * count;
        for (std::size_t i = 0; i < count; ++i) {
            column[i] = in[i * element_size + k];
        }
    }
}

}  // namespace

void write_compressed_chunks(hid_t dataset, std::size_t row_size, std::size_t count,
                             std::size_t chunk_rows, const PackRows& pack,
                             const std::string& name) {
    const std::unique_ptr<libdeflate_compressor, CompressorDeleter> compressor(
        libdeflate_alloc_compressor(kTableDeflateLevel));
    if (!compressor) {
        throw h5::Error("compress " + name + ": out of memory for the compressor");
    }
    const std::size_t chunk_bytes = chunk_rows * row_size;
    std::vector<unsigned char> chunk(chunk_bytes);
    std::vector<unsigned char> shuffled(chunk_bytes);
    std::vector<unsigned char> packed(
        libdeflate_zlib_compress_bound(compressor.get(), chunk_bytes));
    for (std::size_t first = 0; first < count; first += chunk_rows) {
        // A chunk is always whole: the last one is padded with zeros past the table's end, as
        // HDF5 itself would store it.
        std::fill(chunk.begin(), chunk.end(), 0);
        pack(first, std::min(chunk_rows, count - first), chunk.data());
        shuffle(chunk.data(), row_size, chunk_rows, shuffled.data());
        // The zlib format (header and Adler-32) is what HDF5's deflate filter writes and reads.
        const std::size_t size = libdeflate_zlib_compress(
            compressor.get(), shuffled.data(), chunk_bytes, packed.data(), packed.size());
        if (size == 0) {
            throw h5::Error("compress " + name + ": the compressed chunk did not fit its bound");
        }
        const hsize_t offset = first;
        // Filter mask 0: every filter of the pipeline was applied.
        h5::checked(H5Dwrite_chunk(dataset, H5P_DEFAULT, 0, &offset, size, packed.data()),
                    "write table " + name);
    }
}

}  // namespace lastmile::output
