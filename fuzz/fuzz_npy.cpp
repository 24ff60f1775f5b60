// .npy matrices (float32, C order): readMatrixNpy on any bytes; an accepted file holds exactly
// rows × columns values.
#include "fuzz_support.h"
#include "io/matrix_file.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace flicker;
    const std::string path = fuzz::writeInput(data, size, "matrix.npy");
    std::size_t rows = 0, columns = 0;
    std::vector<float> values;
    if (fuzz::accepts([&] { values = readMatrixNpy(path, rows, columns); }))
        fuzz::require(values.size() == rows * columns, "rows × columns values");
    return 0;
}
