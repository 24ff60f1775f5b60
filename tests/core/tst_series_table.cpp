// Reading numbers from text: one per line, CSV/TSV with or without a header, and every bad
// file the command line and the GUI may be given.
#include "io/matrix_file.h"
#include "io/series_table.h"
#include "test_helpers.h"

#include <QTemporaryDir>

#include <fstream>

using namespace flicker;
using flicker::testing::throwsError;

class TestSeriesTable : public QObject {
    Q_OBJECT
private slots:
    // .npy round trip, and shapes an attacker wrote: they must match the bytes in the file
    // before anything is allocated (a shape whose product wraps read past the data before).
    void npyShapeChecked() {
        QTemporaryDir dir;
        const std::string good = dir.filePath("m.npy").toStdString();
        const std::vector<float> values{1, 2, 3, 4, 5, 6};
        writeMatrixNpy(good, values, 2, 3);
        std::size_t rows = 0, columns = 0;
        QCOMPARE(readMatrixNpy(good, rows, columns), values);
        QCOMPARE(rows, std::size_t(2));
        QCOMPARE(columns, std::size_t(3));
        std::ifstream in(good, std::ios::binary);
        const std::string bytes((std::istreambuf_iterator<char>(in)), {});
        const auto shapeAt = bytes.find("(2, 3)");
        QVERIFY(shapeAt != std::string::npos);
        // The header's dict is padded with spaces up to its newline: the new shape replaces
        // the old one within that room, so the header length stays what the file says.
        const auto newline = bytes.find('\n', shapeAt);
        auto withShape = [&](const std::string& shape, int n) {
            std::string tail = shape + ", }";
            tail.resize(newline - shapeAt, ' ');
            std::string b = bytes;
            b.replace(shapeAt, tail.size(), tail);
            const std::string path = dir.filePath(QString("bad%1.npy").arg(n)).toStdString();
            std::ofstream(path, std::ios::binary) << b;
            return path;
        };
        const struct {
            std::string shape;
            const char* message;
        } cases[] = {{"(3, 3)", "does not match the 24 bytes"},
                     {"(1, 3)", "does not match the 24 bytes"},
                     {"(-1, 3)", "expected a 2-D array shape"},
                     {"(2, x)", "expected a 2-D array shape"},
                     {"(4294967296, 4294967296)", "does not match"},
                     {"(4611686018427387904, 4)", "does not match"}};
        int n = 0;
        for (const auto& c : cases)
            QVERIFY2(throwsError([&] { readMatrixNpy(withShape(c.shape, ++n), rows, columns); },
                                 ErrorCode::ParseError, c.message),
                     c.shape.c_str());
        const std::string cut = dir.filePath("cut.npy").toStdString();
        std::ofstream(cut, std::ios::binary) << bytes.substr(0, 20);
        QVERIFY(throwsError([&] { readMatrixNpy(cut, rows, columns); }, ErrorCode::ParseError,
                            "truncated"));
    }
    void onePerLine() {
        const SeriesTable t = parseSeriesTable("# comment\n1.5\n-2e-3\n\n+3\n4", "x.txt");
        QCOMPARE(t.columns.size(), std::size_t(1));
        QCOMPARE(t.columns[0], (std::vector<double>{1.5, -0.002, 3, 4}));
        QVERIFY(!t.hasHeader);
        QCOMPARE(selectColumn(t, "1"), t.columns[0]);
    }
    void csvWithHeader() {
        const SeriesTable t =
            parseSeriesTable("\xEF\xBB\xBFtime,\"unit a\",b\r\n0,1.0,2\r\n1,1.5,-2\r\n", "a.csv");
        QVERIFY(t.hasHeader);
        QCOMPARE(t.names, (std::vector<std::string>{"time", "unit a", "b"}));
        QCOMPARE(selectColumn(t, "unit a"), (std::vector<double>{1.0, 1.5}));
        QCOMPARE(selectColumn(t, "3"), (std::vector<double>{2, -2}));
        QVERIFY(throwsError([&] { selectColumn(t, "c"); }, ErrorCode::InvalidArgument,
                            "time, unit a, b"));
        QVERIFY(throwsError([&] { selectColumn(t, "4"); }, ErrorCode::InvalidArgument, "3 column"));
    }
    void otherDelimiters() {
        QCOMPARE(parseSeriesTable("1;2\n3;4\n", "s").columns[1], (std::vector<double>{2, 4}));
        QCOMPARE(parseSeriesTable("1\t2\n3\t4\n", "s").columns[0], (std::vector<double>{1, 3}));
        QCOMPARE(parseSeriesTable("1  2\n 3 4 \n", "s").columns[1], (std::vector<double>{2, 4}));
    }
    void badInput() {
        QVERIFY(throwsError([] { parseSeriesTable("", "empty.txt"); }, ErrorCode::EmptyInput,
                            "empty.txt: holds no numbers"));
        QVERIFY(throwsError([] { parseSeriesTable("# only a comment\n\n", "c.txt"); },
                            ErrorCode::EmptyInput, "no numbers"));
        QVERIFY(throwsError([] { parseSeriesTable("a,b\n", "h.csv"); }, ErrorCode::EmptyInput,
                            "no numbers"));
        QVERIFY(throwsError([] { parseSeriesTable("1\n2\nthree\n", "w.txt"); },
                            ErrorCode::ParseError, "w.txt:3, column 1: 'three' is not a number"));
        QVERIFY(throwsError([] { parseSeriesTable("1,2\n3\n", "r.csv"); }, ErrorCode::ParseError,
                            "r.csv:2: expected 2 fields, found 1"));
        QVERIFY(throwsError([] { parseSeriesTable("1\n2\nnan\n", "n.txt"); }, ErrorCode::NonFinite,
                            "n.txt:3, column 1: value is NaN"));
        QVERIFY(throwsError([] { parseSeriesTable("1\n-inf\n", "i.txt"); }, ErrorCode::NonFinite,
                            "infinite"));
        QVERIFY(throwsError([] { parseSeriesTable("1\n\xff\xfe\n", "b.txt"); },
                            ErrorCode::ParseError, "b.txt:2"));
        QVERIFY(throwsError([] { readSeriesTable("/nonexistent/x.txt"); }, ErrorCode::Io,
                            "/nonexistent/x.txt: cannot be opened"));
    }
    void readsFile() {
        QTemporaryDir dir;
        const std::string path = dir.filePath("x.txt").toStdString();
        std::ofstream(path) << "0.5\n0.25\n";
        QCOMPARE(readSeriesTable(path).columns[0], (std::vector<double>{0.5, 0.25}));
    }
};

QTEST_GUILESS_MAIN(TestSeriesTable)
#include "tst_series_table.moc"
