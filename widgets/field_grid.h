// Pictures of the sparsity lab as plain images (QtGui only, no window needed, so flicker-cli
// uses them too): receptive fields — first-layer weight rows as rows × cols tiles on a
// blue–white–red scale, each tile scaled to its own largest |weight| — and greyscale images.
#pragma once

#include "sparsity/sparsity.h"

#include <QImage>

#include <cstddef>
#include <vector>

namespace flicker {

struct FieldGridOptions {
    int columns = 0; ///< tiles per row; 0 = about square
    int scale = 3;   ///< screen pixels per weight
    int gap = 1;     ///< pixels between tiles (drawn in the background colour)
    bool dark = false;
};

/// The receptive fields of `units` (indices into w, in the order drawn; empty = all units in
/// order) as one image; an empty image when there is nothing to draw.
QImage fieldGridImage(const SparseWeights& w, const std::vector<std::size_t>& units,
                      const FieldGridOptions& options = {});

/// The units of a layer ordered by `key` (e.g. each unit's fraction of inputs it is on),
/// largest first when `descending`; ties keep the unit order.
std::vector<std::size_t> unitsOrderedBy(const std::vector<double>& key, bool descending = true);

/// A rows × cols image of `pixels` (row-major), grey from `low` (black) to `high` (white),
/// `scale` screen pixels per pixel.
QImage greyImage(const std::vector<float>& pixels, std::size_t rows, std::size_t cols, double low,
                 double high, int scale = 4);

} // namespace flicker
