// The IDX reader against crafted files: good plain and gzipped files, and every damage the
// sparsity lab promises to name (empty, wrong magic, wrong type, wrong dimensions, absurd
// sizes, truncated header or data, trailing bytes, damaged gzip, images and labels that do not
// belong together, a missing file in a folder) — each a clear error, none a crash.
#include "core/test_helpers.h"
#include "sparsity/idx.h"
#include "sparsity/image_data.h"
#include "support/image_fixtures.h"

#include <archive.h>
#include <archive_entry.h>

#include <QTemporaryDir>
#include <QtTest>

using namespace flicker;
using flicker::testing::throwsError;

namespace {

// gzip of `bytes` (libarchive's raw format with the gzip filter).
std::string gzip(const std::string& bytes) {
    std::string out(bytes.size() + 1024, '\0');
    size_t used = 0;
    archive* a = archive_write_new();
    archive_write_add_filter_gzip(a);
    archive_write_set_format_raw(a);
    archive_write_set_bytes_in_last_block(a, 1);
    archive_write_open_memory(a, out.data(), out.size(), &used);
    archive_entry* e = archive_entry_new();
    archive_entry_set_filetype(e, AE_IFREG);
    archive_entry_set_size(e, la_int64_t(bytes.size()));
    archive_write_header(a, e);
    archive_write_data(a, bytes.data(), bytes.size());
    archive_entry_free(e);
    archive_write_close(a);
    archive_write_free(a);
    out.resize(used);
    return out;
}

IdxImages smallImages(std::size_t count = 3, std::size_t rows = 4, std::size_t cols = 5) {
    IdxImages im;
    im.count = count;
    im.rows = rows;
    im.cols = cols;
    for (std::size_t k = 0; k < count * rows * cols; ++k)
        im.pixels.push_back(std::uint8_t(k * 7 % 256));
    return im;
}

std::string header(unsigned char type, unsigned char dims, std::vector<std::uint32_t> sizes) {
    std::string s{'\0', '\0', char(type), char(dims)};
    for (std::uint32_t v : sizes) {
        s.push_back(char(v >> 24));
        s.push_back(char((v >> 16) & 0xFF));
        s.push_back(char((v >> 8) & 0xFF));
        s.push_back(char(v & 0xFF));
    }
    return s;
}

} // namespace

class TestIdx : public QObject {
    Q_OBJECT

private slots:
    void readsPlainAndGzippedImages() {
        const IdxImages im = smallImages();
        const std::string bytes = idxImagesBytes(im);
        for (const std::string& b : {bytes, gzip(bytes)}) {
            const IdxImages back = parseIdxImages(b, "x");
            QCOMPARE(back.count, std::size_t(3));
            QCOMPARE(back.rows, std::size_t(4));
            QCOMPARE(back.cols, std::size_t(5));
            QVERIFY(back.pixels == im.pixels);
        }
        QTemporaryDir dir;
        const QString path = dir.filePath("a-idx3-ubyte.gz");
        testing::writeBytes(path, gzip(bytes));
        QVERIFY(readIdxImages(path.toStdString()).pixels == im.pixels);
    }

    void readsLabels() {
        const std::vector<std::uint8_t> labels{0, 9, 3, 3};
        QVERIFY(parseIdxLabels(idxLabelsBytes(labels), "l") == labels);
        QVERIFY(parseIdxLabels(gzip(idxLabelsBytes(labels)), "l") == labels);
    }

    void emptyFile() {
        QVERIFY(throwsError([] { parseIdxImages("", "e.idx"); }, ErrorCode::EmptyInput,
                            "e.idx is empty"));
        QVERIFY(throwsError(
            [] {
                parseIdxImages(header(8, 3, {0, 28, 28}), "z");
            },
            ErrorCode::EmptyInput, "holds no images"));
    }

    void wrongMagic() {
        QVERIFY(throwsError([] { parseIdxImages("PK\3\4 not idx at all", "m.idx"); },
                            ErrorCode::ParseError, "m.idx is not an IDX file"));
        QVERIFY(throwsError(
            [] {
                parseIdxImages(header(0x0D, 3, {1, 1, 1}) + "abcd", "f");
            },
            ErrorCode::ParseError, "data type is 0x0d"));
    }

    void wrongDimensions() {
        const std::string labels = idxLabelsBytes({1, 2, 3});
        QVERIFY(throwsError([&] { parseIdxImages(labels, "lab"); }, ErrorCode::ParseError,
                            "is it a labels file?"));
        const std::string images = idxImagesBytes(smallImages());
        QVERIFY(throwsError([&] { parseIdxLabels(images, "img"); }, ErrorCode::ParseError,
                            "is it an images file?"));
    }

    void absurdSizesAreRefusedBeforeAllocating() {
        // 4 billion images of 1000 × 1000 would be 4 PB; refused from the header alone.
        QVERIFY(throwsError(
            [] {
                parseIdxImages(header(8, 3, {0xFFFFFFFFu, 28, 28}), "big");
            },
            ErrorCode::ParseError, "dimension 1 is 4294967295"));
        QVERIFY(throwsError(
            [] {
                parseIdxImages(header(8, 3, {10, 70000, 28}), "side");
            },
            ErrorCode::ParseError, "pixels per side"));
        QVERIFY(throwsError(
            [] {
                parseIdxImages(header(8, 3, {5'000'000, 1000, 1000}), "t");
            },
            ErrorCode::ParseError, "promises"));
        QVERIFY(throwsError(
            [] {
                parseIdxImages(header(8, 3, {10, 0, 28}), "zero");
            },
            ErrorCode::ParseError, "empty images"));
    }

    void truncatedAndLongFiles() {
        const std::string bytes = idxImagesBytes(smallImages());
        QVERIFY(throwsError([&] { parseIdxImages(bytes.substr(0, 10), "h"); },
                            ErrorCode::ParseError, "header is incomplete"));
        QVERIFY(throwsError([&] { parseIdxImages(bytes.substr(0, bytes.size() - 1), "t"); },
                            ErrorCode::ParseError, "t is truncated"));
        QVERIFY(throwsError([&] { parseIdxImages(gzip(bytes.substr(0, bytes.size() - 7)), "g"); },
                            ErrorCode::ParseError, "g is truncated"));
        QVERIFY(throwsError([&] { parseIdxImages(bytes + "x", "l"); }, ErrorCode::ParseError,
                            "longer than its header says"));
        // A header that promises a gigabyte, followed by a few bytes (plain and gzipped): an
        // error about the missing data, read chunk by chunk (the gigabyte is never allocated).
        const std::string bomb = header(8, 3, {1000, 1000, 1000}) + "abc";
        QVERIFY(throwsError([&] { parseIdxImages(bomb, "b"); }, ErrorCode::ParseError,
                            "only 3 follow"));
        QVERIFY(throwsError([&] { parseIdxImages(gzip(bomb), "bz"); }, ErrorCode::ParseError,
                            "only 3 follow"));
    }

    void damagedGzip() {
        const std::string gz = gzip(idxImagesBytes(smallImages(50, 28, 28)));
        QVERIFY(throwsError([&] { parseIdxImages(gz.substr(0, gz.size() / 2), "cut.gz"); },
                            ErrorCode::ParseError, "cut.gz"));
        std::string garbled = gz;
        for (std::size_t k = 12; k < garbled.size() - 8; ++k)
            garbled[k] = char(garbled[k] ^ 0x5A);
        try {
            parseIdxImages(garbled, "bad.gz");
            QFAIL("garbled gzip was accepted");
        } catch (const Error& e) {
            QCOMPARE(e.code(), ErrorCode::ParseError);
            QVERIFY(std::string(e.what()).find("bad.gz") != std::string::npos);
        }
    }

    void notAFile() {
        QVERIFY(throwsError([] { readIdxImages("/dev/zero"); }, ErrorCode::Io, "/dev/zero"));
        QVERIFY(throwsError([] { readIdxImages("/nonexistent/x-idx3-ubyte"); }, ErrorCode::Io,
                            "x-idx3-ubyte"));
    }

    void folderOfFourFiles() {
        QTemporaryDir dir;
        const ImageData data = testing::syntheticData(30, 20);
        testing::writeIdxFolder(dir.path(), data);
        const ImageData back = loadImageData(dir.path().toStdString());
        QCOMPARE(back.train.size(), std::size_t(30));
        QCOMPARE(back.test.size(), std::size_t(20));
        QCOMPARE(back.classes, 10);
        QCOMPARE(back.sha256, data.sha256);
        QVERIFY(back.train.pixels == data.train.pixels);
        // MNIST's "." names and gzip are found as well.
        QFile::rename(dir.filePath("t10k-labels-idx1-ubyte"),
                      dir.filePath("t10k-labels.idx1-ubyte"));
        QCOMPARE(loadImageData(dir.path().toStdString()).sha256, data.sha256);
    }

    void folderErrors() {
        QTemporaryDir dir;
        testing::writeIdxFolder(dir.path(), testing::syntheticData(30, 20));
        // Labels of another length than the images.
        testing::writeBytes(dir.filePath("train-labels-idx1-ubyte"),
                            idxLabelsBytes(std::vector<std::uint8_t>(29, 1)));
        QVERIFY(throwsError([&] { loadImageData(dir.path().toStdString()); }, ErrorCode::ParseError,
                            "holds 30 images but"));
        QFile::remove(dir.filePath("t10k-images-idx3-ubyte"));
        QVERIFY(throwsError([&] { loadImageData(dir.path().toStdString()); }, ErrorCode::Io,
                            "t10k-images-idx3-ubyte"));
        QVERIFY(throwsError([&] { loadImageData(dir.filePath("none").toStdString()); },
                            ErrorCode::Io, "does not exist"));
        // Two splits of different image sizes.
        ImageSet small = testing::syntheticImages(5, 1, 14);
        QVERIFY(throwsError([&] { makeImageData(testing::syntheticImages(5, 1), small, "x", "y"); },
                            ErrorCode::ParseError, "one image size"));
    }
};

QTEST_GUILESS_MAIN(TestIdx)
#include "tst_idx.moc"
