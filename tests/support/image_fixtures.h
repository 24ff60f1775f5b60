// Small synthetic image data sets for the sparsity lab's tests: 28 × 28 images of ten classes,
// each class a fixed set of bright strokes with the pixels jittered per image (seeded), and a
// writer of the four IDX files of a folder (plain; gzip is tested by the IDX tests themselves).
#pragma once

#include "signal/random.h"
#include "sparsity/idx.h"
#include "sparsity/image_data.h"

#include <QDir>
#include <QFile>
#include <QString>

#include <algorithm>
#include <string>

namespace flicker::testing {

inline ImageSet syntheticImages(std::size_t count, std::uint64_t seed, std::size_t side = 28) {
    ImageSet set;
    set.rows = set.cols = side;
    set.pixels.assign(count * side * side, 0);
    set.labels.resize(count);
    Rng rng(seed);
    for (std::size_t i = 0; i < count; ++i) {
        const int label = int(i % 10);
        set.labels[i] = std::uint8_t(label);
        std::uint8_t* px = set.pixels.data() + i * side * side;
        // Class strokes: a horizontal bar at a class row and a vertical one at a class column,
        // shifted by up to one pixel per image, plus faint background noise.
        const std::size_t shift = std::size_t(rng.below(3));
        const std::size_t row = (3 + 2 * std::size_t(label) + shift) % side;
        const std::size_t col = (side - 4 - 2 * std::size_t(label) + shift) % side;
        for (std::size_t p = 0; p < side * side; ++p)
            px[p] = std::uint8_t(rng.below(30));
        for (std::size_t c = 4; c + 4 < side; ++c)
            px[row * side + c] = std::uint8_t(200 + rng.below(56));
        for (std::size_t r = 4; r + 4 < side; ++r)
            px[r * side + col] = std::uint8_t(200 + rng.below(56));
    }
    return set;
}

inline ImageData syntheticData(std::size_t train, std::size_t test, std::uint64_t seed = 1) {
    return makeImageData(syntheticImages(train, seed), syntheticImages(test, seed + 100),
                         "synthetic", "memory");
}

inline void writeBytes(const QString& path, const std::string& bytes) {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly)) qFatal("cannot write %s", qPrintable(path));
    f.write(bytes.data(), qint64(bytes.size()));
}

/// Writes the four IDX files of `data` (plain) into `dir` under their usual names.
inline void writeIdxFolder(const QString& dir, const ImageData& data) {
    QDir().mkpath(dir);
    for (const auto& [set, stem] : {std::pair{&data.train, "train"}, {&data.test, "t10k"}}) {
        IdxImages im;
        im.count = set->size();
        im.rows = set->rows;
        im.cols = set->cols;
        im.pixels = set->pixels;
        writeBytes(dir + "/" + stem + "-images-idx3-ubyte", idxImagesBytes(im));
        writeBytes(dir + "/" + stem + "-labels-idx1-ubyte", idxLabelsBytes(set->labels));
    }
}

} // namespace flicker::testing
