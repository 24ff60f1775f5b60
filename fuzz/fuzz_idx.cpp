// IDX images and labels (the sparsity lab): the first byte says which reader; an accepted file
// holds exactly count × rows × columns pixels (or count labels), and writing it gives back the
// bytes read.
#include "fuzz_support.h"
#include "sparsity/idx.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace flicker;
    if (size == 0) return 0;
    const std::string bytes(reinterpret_cast<const char*>(data) + 1, size - 1);
    // gzip data is compared after unpacking, by reading what was written once more
    const bool plain = bytes.size() < 2 || bytes[0] != '\x1f' || bytes[1] != '\x8b';
    if (data[0] & 1) {
        IdxImages images;
        if (!fuzz::accepts([&] { images = parseIdxImages(bytes, "images-idx3-ubyte"); })) return 0;
        fuzz::require(images.pixels.size() == images.count * images.rows * images.cols,
                      "count × rows × cols pixels");
        const std::string written = idxImagesBytes(images);
        fuzz::require(!plain || written == bytes, "images written back as read");
        fuzz::require(parseIdxImages(written, "again").pixels == images.pixels, "read again");
    } else {
        std::vector<std::uint8_t> labels;
        if (!fuzz::accepts([&] { labels = parseIdxLabels(bytes, "labels-idx1-ubyte"); })) return 0;
        const std::string written = idxLabelsBytes(labels);
        fuzz::require(!plain || written == bytes, "labels written back as read");
        fuzz::require(parseIdxLabels(written, "again") == labels, "read again");
    }
    return 0;
}
