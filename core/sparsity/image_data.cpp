#include "sparsity/image_data.h"

#include "error.h"
#include "sparsity/idx.h"

#include <QCryptographicHash>

#include <algorithm>
#include <array>
#include <filesystem>

namespace flicker {
namespace fs = std::filesystem;
namespace {

// The usual name, its "." variant ("train-images.idx3-ubyte"), each with or without ".gz".
std::string findOne(const fs::path& folder, const std::string& stem, const std::string& kind) {
    const std::string dotted = stem + "." + kind;
    const std::string dashed = stem + "-" + kind;
    for (const std::string& base : {dashed, dotted})
        for (const char* suffix : {".gz", ""}) {
            const fs::path p = folder / (base + suffix);
            std::error_code ec;
            if (fs::is_regular_file(p, ec)) return p.string();
        }
    throw Error(ErrorCode::Io,
                "the folder " + folder.string() + " has no " + dashed + "(.gz): an IDX data set " +
                    "folder needs train-images-idx3-ubyte, train-labels-idx1-ubyte, " +
                    "t10k-images-idx3-ubyte and t10k-labels-idx1-ubyte (gzipped or not)",
                folder.string());
}

void checkSplit(const ImageSet& set, const char* split) {
    if (set.pixels.size() != set.labels.size() * set.rows * set.cols)
        throw Error(ErrorCode::ParseError,
                    std::string("the ") + split + " set has " +
                        std::to_string(
                            set.rows && set.cols ? set.pixels.size() / (set.rows * set.cols) : 0) +
                        " images but " + std::to_string(set.labels.size()) +
                        " labels: the images and labels files must belong together");
    if (set.labels.empty())
        throw Error(ErrorCode::EmptyInput, std::string("the ") + split + " set has no images");
}

ImageSet readSplit(const std::string& images, const std::string& labels, const char* split) {
    IdxImages im = readIdxImages(images);
    ImageSet set;
    set.labels = readIdxLabels(labels);
    if (im.count != set.labels.size())
        throw Error(ErrorCode::ParseError,
                    fs::path(images).filename().string() + " holds " + std::to_string(im.count) +
                        " images but " + fs::path(labels).filename().string() + " holds " +
                        std::to_string(set.labels.size()) + " labels (" + split +
                        " set): the two files must belong together",
                    images);
    set.rows = im.rows;
    set.cols = im.cols;
    set.pixels = std::move(im.pixels);
    return set;
}

} // namespace

IdxFolderFiles findIdxFiles(const std::string& folder) {
    const fs::path f(folder);
    std::error_code ec;
    if (!fs::is_directory(f, ec))
        throw Error(ErrorCode::Io, "the data folder " + folder + " does not exist", folder);
    return {findOne(f, "train-images", "idx3-ubyte"), findOne(f, "train-labels", "idx1-ubyte"),
            findOne(f, "t10k-images", "idx3-ubyte"), findOne(f, "t10k-labels", "idx1-ubyte")};
}

ImageData makeImageData(ImageSet train, ImageSet test, const std::string& name,
                        const std::string& source) {
    checkSplit(train, "training");
    checkSplit(test, "test");
    if (train.rows != test.rows || train.cols != test.cols)
        throw Error(ErrorCode::ParseError,
                    "the training images are " + std::to_string(train.rows) + " × " +
                        std::to_string(train.cols) + " pixels but the test images " +
                        std::to_string(test.rows) + " × " + std::to_string(test.cols) +
                        ": both splits must have one image size");
    ImageData data;
    data.train = std::move(train);
    data.test = std::move(test);
    data.name = name;
    data.source = source;
    int top = 0;
    for (const ImageSet* s : {&data.train, &data.test})
        for (std::uint8_t l : s->labels)
            top = std::max(top, int(l));
    data.classes = top + 1;
    QCryptographicHash h(QCryptographicHash::Sha256);
    for (const ImageSet* s : {&data.train, &data.test}) {
        const std::array<std::uint64_t, 3> dims{s->size(), s->rows, s->cols};
        h.addData(QByteArrayView(reinterpret_cast<const char*>(dims.data()), sizeof dims));
        h.addData(QByteArrayView(reinterpret_cast<const char*>(s->pixels.data()),
                                 qsizetype(s->pixels.size())));
        h.addData(QByteArrayView(reinterpret_cast<const char*>(s->labels.data()),
                                 qsizetype(s->labels.size())));
    }
    data.sha256 = h.result().toHex().toStdString();
    return data;
}

ImageData loadImageData(const std::string& what, const ProgressFn& progress, std::stop_token stop) {
    std::string folder = what, name;
    if (what == kFashionMnistName) {
        folder = kFashionMnistFolder;
        name = kFashionMnistName;
        std::error_code ec;
        if (!fs::is_directory(folder, ec))
            throw Error(ErrorCode::Io,
                        std::string("Fashion-MNIST is not installed in ") + kFashionMnistFolder +
                            ": install the Debian package dataset-fashion-mnist (sudo apt "
                            "install dataset-fashion-mnist), or give a folder of IDX files",
                        folder);
    } else {
        name = fs::path(folder).lexically_normal().filename().string();
        if (name.empty())
            name = fs::path(folder).lexically_normal().parent_path().filename().string();
    }
    const IdxFolderFiles files = findIdxFiles(folder);
    report(progress, {"reading", 0, 2, "reading the training images"});
    ImageSet train = readSplit(files.trainImages, files.trainLabels, "training");
    throwIfStopped(stop, "reading the images was cancelled");
    report(progress, {"reading", 1, 2, "reading the test images"});
    ImageSet test = readSplit(files.testImages, files.testLabels, "test");
    throwIfStopped(stop, "reading the images was cancelled");
    report(progress, {"reading", 2, 2, "images read"});
    return makeImageData(std::move(train), std::move(test), name, folder);
}

ImageSet firstImages(const ImageSet& set, std::size_t count) {
    if (count == 0 || count >= set.size()) return set;
    ImageSet s;
    s.rows = set.rows;
    s.cols = set.cols;
    s.labels.assign(set.labels.begin(), set.labels.begin() + std::ptrdiff_t(count));
    s.pixels.assign(set.pixels.begin(),
                    set.pixels.begin() + std::ptrdiff_t(count * set.pixelsPerImage()));
    return s;
}

} // namespace flicker
