// Reading numbers from text: one per line, CSV/TSV with or without a header, and every bad
// file the command line and the GUI may be given.
#include "error.h"
#include "input_file.h"
#include "io/matrix_file.h"
#include "io/series_table.h"
#include "test_helpers.h"

#include <QFile>
#include <QTemporaryDir>

#include <fstream>
#include <sstream>

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
                            "'time', 'unit a', 'b'"));
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
    // Only a first line with no number-like field is a header: "0..5" and "1e400" are bad data
    // and say so (they were dropped as a header before).
    void headerOnlyWithoutNumbers() {
        QVERIFY(throwsError([] { parseSeriesTable("0..5\n1\n2\n", "d.txt"); },
                            ErrorCode::ParseError, "d.txt:1, column 1: '0..5' is not a number"));
        QVERIFY(throwsError([] { parseSeriesTable("1e400\n1\n2\n", "e.txt"); },
                            ErrorCode::ParseError, "'1e400' is beyond the range of a double"));
        QVERIFY(throwsError([] { parseSeriesTable("x,.5\n1,2\n", "m.csv"); }, ErrorCode::ParseError,
                            "m.csv:1, column 1: 'x' is not a number"));
        const SeriesTable t = parseSeriesTable("value\n1\n2\n", "v.txt");
        QVERIFY(t.hasHeader);
        QCOMPARE(t.names, std::vector<std::string>{"value"});
    }
    // Lines may end with CR alone (old Mac files), CR LF or LF, mixed.
    void lineEnds() {
        QCOMPARE(parseSeriesTable("1\r2\r3\r", "cr.txt").columns[0],
                 (std::vector<double>{1, 2, 3}));
        QCOMPARE(parseSeriesTable("x\r1\r\n2\n3", "mixed.txt").columns[0],
                 (std::vector<double>{1, 2, 3}));
    }
    // A field in a message: at most 80 characters, control characters escaped, so that a
    // 50 MB token or an escape sequence neither floods nor rewrites the terminal.
    void messagesQuoteSafely() {
        const std::string huge(5'000'000, '7');
        try {
            parseSeriesTable("1\n" + huge + "x\n", "big.txt");
            QFAIL("no error");
        } catch (const Error& e) {
            const std::string what = e.what();
            QVERIFY2(what.size() < 300, what.substr(0, 300).c_str());
            QVERIFY(what.find("5000001 bytes in all") != std::string::npos);
        }
        try {
            parseSeriesTable("1\n\x1b]0;owned\x07z\n", "esc.txt");
            QFAIL("no error");
        } catch (const Error& e) {
            const std::string what = e.what();
            QVERIFY2(what.find('\x1b') == std::string::npos, what.c_str());
            QVERIFY2(what.find("'\\x1b]0;owned\\x07z'") != std::string::npos, what.c_str());
        }
        QCOMPARE(quoteInput(std::string("a\0b", 3)), std::string("'a\\0b'"));
        // Not UTF-8 text at all: said so, before a number is parsed.
        const std::string utf16("\xFF\xFE"
                                "1\0\n\0"
                                "2\0\n\0",
                                10);
        QVERIFY(throwsError([&] { parseSeriesTable(utf16, "u16.txt"); }, ErrorCode::ParseError,
                            "u16.txt: this looks like UTF-16 text (little-endian)"));
        const std::string bare("1\0\n\0"
                               "2\0\n\0",
                               8);
        QVERIFY(throwsError([&] { parseSeriesTable(bare, "b16.txt"); }, ErrorCode::ParseError,
                            "UTF-16 text (no byte-order mark)"));
        const std::string binary = "1\n2\n" + std::string(1, '\0') + std::string(40, 'x');
        QVERIFY(throwsError([&] { parseSeriesTable(binary, "bin.dat"); }, ErrorCode::ParseError,
                            "binary data (NUL bytes)"));
        QCOMPARE(quoteInput("ünïcode ✓"), std::string("'ünïcode ✓'"));
        QCOMPARE(quoteInput("\xff\xfe"), std::string("'\\xff\\xfe'"));
        QCOMPARE(quoteInput("tab\there", 80, '"'), std::string("\"tab\\there\""));
    }
    // Found by fuzz_series_table: the "no such column" message listed the file's header names
    // raw (an escape sequence from the header reached the terminal) and all of them (a header of
    // 100,000 names made a message of that size). Names are quoted and at most 20 listed.
    void columnListQuotedAndBounded() {
        const SeriesTable escaped = parseSeriesTable("a\x1b]0;owned\x07,b\n1,2\n", "esc.txt");
        try {
            selectColumn(escaped, "c\x1b[2J");
            QFAIL("no error");
        } catch (const Error& e) {
            const std::string what = e.what();
            QVERIFY2(what.find('\x1b') == std::string::npos, what.c_str());
            QVERIFY2(what.find("'a\\x1b]0;owned\\x07', 'b'") != std::string::npos, what.c_str());
            QVERIFY2(what.find("'c\\x1b[2J'") != std::string::npos, what.c_str());
        }
        std::string header, row;
        for (int c = 0; c < 100'000; ++c) {
            header += (c ? "," : "") + std::string("name") + std::to_string(c);
            row += c ? ",1" : "1";
        }
        const SeriesTable wide = parseSeriesTable(header + "\n" + row + "\n", "wide.csv");
        try {
            selectColumn(wide, "missing");
            QFAIL("no error");
        } catch (const Error& e) {
            const std::string what = e.what();
            QVERIFY2(what.size() < 1000, what.substr(0, 1000).c_str());
            QVERIFY2(what.find("100000 column(s): 'name0', 'name1'") != std::string::npos,
                     what.c_str());
            QVERIFY2(what.find("and 99980 more") != std::string::npos, what.c_str());
        }
    }
    // Inputs are bounded: a device, a folder or a file over the limit is refused at once,
    // naming the file.
    void boundedInputs() {
        QVERIFY(throwsError([] { readSeriesTable("/dev/zero"); }, ErrorCode::Io,
                            "/dev/zero: is not a regular file"));
        QTemporaryDir dir;
        QVERIFY(throwsError([&] { readSeriesTable(dir.path().toStdString()); }, ErrorCode::Io,
                            "is a folder"));
        const std::string link = dir.filePath("zero.txt").toStdString();
        QVERIFY(QFile::link("/dev/zero", QString::fromStdString(link)));
        QVERIFY(throwsError([&] { readSeriesTable(link); }, ErrorCode::Io, "not a regular file"));
        const std::string big = dir.filePath("big.txt").toStdString();
        std::ofstream(big) << std::string(4096, '1');
        QVERIFY(throwsError([&] { readInputFile(big, 1024, "series file"); }, ErrorCode::Io,
                            "larger than the 1024 bytes a series file may hold"));
        std::istringstream stream(std::string(4096, '1'));
        QVERIFY(throwsError([&] { readInputStream(stream, 1024, "series file", "<stdin>"); },
                            ErrorCode::Io, "<stdin>: larger than"));
        QCOMPARE(byteSizeText(kMaxSeriesFileBytes), std::string("1 GB"));
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
