// The labelled image data set of the sparsity lab: a training and a test set read from a folder
// of four IDX files under their usual names (Fashion-MNIST from Debian's dataset-fashion-mnist
// by default, or any MNIST-like folder), with an identity for provenance and resume.
#pragma once

#include "task.h"

#include <cstddef>
#include <cstdint>
#include <stop_token>
#include <string>
#include <vector>

namespace flicker {

/// Where Debian's dataset-fashion-mnist installs its files.
inline constexpr const char* kFashionMnistFolder = "/usr/share/datasets/fashion-mnist";
/// The name `--data fashion-mnist` and the page's default stand for.
inline constexpr const char* kFashionMnistName = "fashion-mnist";

/// Images with their labels, row-major bytes (0 … 255).
struct ImageSet {
    std::size_t rows = 0, cols = 0;
    std::vector<std::uint8_t> pixels; ///< size() × rows × cols
    std::vector<std::uint8_t> labels; ///< one class per image
    std::size_t size() const { return labels.size(); }
    std::size_t pixelsPerImage() const { return rows * cols; }
};

struct ImageData {
    ImageSet train, test;
    std::string name;   ///< "fashion-mnist", or the folder's name
    std::string source; ///< the folder read
    std::string sha256; ///< of the four files' decoded contents, in order (train, test)
    int classes = 0;    ///< largest label + 1
};

/// The four files of an IDX folder: the usual names ("train-images-idx3-ubyte",
/// "train-labels-idx1-ubyte", "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"), each also
/// with "." instead of the last "-" (as some MNIST copies) and with or without ".gz".
/// Throws Error(Io) naming the folder and the file that is missing.
struct IdxFolderFiles {
    std::string trainImages, trainLabels, testImages, testLabels;
};
IdxFolderFiles findIdxFiles(const std::string& folder);

/// `what` is "fashion-mnist" (kFashionMnistFolder; when it is missing the error says to install
/// dataset-fashion-mnist) or a folder. Reads and checks all four files: images and labels of a
/// split must agree in number, and both splits in image size. Progress: stage "reading", files.
/// Throws Error(ParseError / Io / EmptyInput / Cancelled) naming the file.
ImageData loadImageData(const std::string& what, const ProgressFn& progress = {},
                        std::stop_token stop = {});

/// Builds an ImageData from sets in memory (tests, subsets): checks them as loadImageData does
/// and computes its identity. `name` and `source` are stored as given.
ImageData makeImageData(ImageSet train, ImageSet test, const std::string& name,
                        const std::string& source);

/// The first `count` images of `set` (all when count is 0 or larger than the set).
ImageSet firstImages(const ImageSet& set, std::size_t count);

} // namespace flicker
