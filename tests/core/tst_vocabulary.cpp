// Vocabulary: order by frequency with alphabetical ties, only the chosen split counts, encoding,
// the JSON round trip and import format, and every error of a bad map or file.
#include "test_helpers.h"
#include "text/tokenizer.h"
#include "text/vocabulary.h"

#include <QJsonDocument>
#include <QJsonObject>

using namespace flicker;
using flicker::testing::throwsError;

namespace {
Review review(Split split, std::string_view text) {
    Review r;
    r.split = split;
    r.text = std::string(text);
    r.tokens = Tokenizer().tokenize(text);
    return r;
}

Corpus smallCorpus() {
    Corpus c;
    c.reviews.push_back(review(Split::Train, "b a a c"));
    c.reviews.push_back(review(Split::Train, "a b d"));
    c.reviews.push_back(review(Split::Test, "z z z z z"));
    return c;
}

using Map = std::unordered_map<std::string, std::int32_t>;
} // namespace

class TestVocabulary : public QObject {
    Q_OBJECT
private slots:
    void startsWithPadAndUnknown() {
        const Vocabulary v;
        QCOMPARE(v.size(), std::size_t(2));
        QCOMPARE(v.id("<pad>"), Vocabulary::kPad);
        QCOMPARE(v.id("<unk>"), Vocabulary::kUnknown);
        QCOMPARE(v.word(0), std::string("<pad>"));
        QCOMPARE(v.word(1), std::string("<unk>"));
        QCOMPARE(v.padId(), 0);
        QCOMPARE(v.unknownId(), 1);
        QCOMPARE(v.id("anything"), Vocabulary::kUnknown);
    }

    void mostFrequentFirstTiesAlphabetical() {
        // a ×3, b ×2, c and d ×1 (tie: c before d); z only in test, so absent.
        const Vocabulary v = Vocabulary::build(smallCorpus(), Split::Train);
        QCOMPARE(v.words(), (std::vector<std::string>{"<pad>", "<unk>", "a", "b", "c", "d"}));
        QCOMPARE(v.id("z"), Vocabulary::kUnknown);
        const Vocabulary test = Vocabulary::build(smallCorpus(), Split::Test);
        QCOMPARE(test.words(), (std::vector<std::string>{"<pad>", "<unk>", "z"}));
    }

    void maxWordsLimits() {
        QCOMPARE(Vocabulary::build(smallCorpus(), Split::Train, 3).words(),
                 (std::vector<std::string>{"<pad>", "<unk>", "a", "b", "c"}));
        QCOMPARE(Vocabulary::build(smallCorpus(), Split::Train, 0).size(), std::size_t(6));
        QCOMPARE(Vocabulary::build(smallCorpus(), Split::Unsup).size(), std::size_t(2));
    }

    void sameCorpusSameIds() {
        Corpus c;
        // Many ties: the order must not depend on hashing.
        c.reviews.push_back(review(Split::Train, "q w e r t y u i o p l k j h g f d s a m n b v"));
        const auto first = Vocabulary::build(c, Split::Train).words();
        QVERIFY(std::is_sorted(first.begin() + 2, first.end()));
        QCOMPARE(Vocabulary::build(c, Split::Train).words(), first);
    }

    void encode() {
        const Vocabulary v = Vocabulary::build(smallCorpus(), Split::Train);
        const TokenList t = Tokenizer().tokenize("a d unknown b");
        QCOMPARE(v.encode(t), (std::vector<std::int32_t>{2, 5, 1, 3}));
        QCOMPARE(v.encode(t, 2), (std::vector<std::int32_t>{2, 5}));
        QCOMPARE(v.encode(t, 100).size(), std::size_t(4)); // never padded
        QCOMPARE(v.encode(TokenList{}).size(), std::size_t(0));
    }

    void wordOutOfRange() {
        const Vocabulary v;
        QVERIFY(throwsError([&] { v.word(2); }, ErrorCode::InvalidArgument, "word id 2"));
        QVERIFY(throwsError([&] { v.word(-1); }, ErrorCode::InvalidArgument, "word id -1"));
    }

    void jsonRoundTrip() {
        const Vocabulary v = Vocabulary::fromMap({{"<pad>", 0},
                                                  {"<unk>", 1},
                                                  {"the", 2},
                                                  {"say \"hi\"", 3},
                                                  {"back\\slash", 4},
                                                  {"café", 5},
                                                  {"tab\there", 6}});
        const std::string json = v.toJson();
        // One flat object, word → id, readable by any JSON parser.
        const QJsonObject object =
            QJsonDocument::fromJson(QByteArray::fromStdString(json)).object();
        QCOMPARE(object.size(), 7);
        QCOMPARE(object.value("café").toInt(), 5);
        QCOMPARE(object.value("say \"hi\"").toInt(), 3);
        QVERIFY(json.find("\"<pad>\": 0") < json.find("\"<unk>\": 1")); // written in id order

        const Vocabulary back = Vocabulary::fromJson(json, "vocab.json");
        QCOMPARE(back.words(), v.words());
        QCOMPARE(back.id("tab\there"), 6);
    }

    void importsCompactJsonInAnyKeyOrder() {
        const Vocabulary v =
            Vocabulary::fromJson(R"({"the": 2, "<unk>": 1, "<pad>": 0, "film": 3})", "model");
        QCOMPARE(v.words(), (std::vector<std::string>{"<pad>", "<unk>", "the", "film"}));
    }

    void importedSpecialIdsElsewhere() {
        // torchtext-style: <unk> first. Unknown words must encode to its id.
        const Vocabulary v = Vocabulary::fromMap({{"<unk>", 0}, {"<pad>", 1}, {"the", 2}});
        QCOMPARE(v.unknownId(), 0);
        QCOMPARE(v.padId(), 1);
        QCOMPARE(v.encode(Tokenizer().tokenize("the zebra")), (std::vector<std::int32_t>{2, 0}));
    }

    void fromMapErrors() {
        QVERIFY(throwsError(
            [] {
                Vocabulary::fromMap({{"<pad>", 0}, {"<unk>", 1}, {"x", 3}});
            },
            ErrorCode::InvalidArgument, "\"x\" has id 3"));
        QVERIFY(throwsError(
            [] {
                Vocabulary::fromMap({{"<pad>", 0}, {"<unk>", 1}, {"x", -1}});
            },
            ErrorCode::InvalidArgument, "\"x\" has id -1"));
        QVERIFY(throwsError(
            [] {
                Vocabulary::fromMap({{"<pad>", 0}, {"<unk>", 1}, {"a", 2}, {"b", 2}});
            },
            ErrorCode::InvalidArgument, "words \"a\" and \"b\" both have id 2"));
        QVERIFY(throwsError(
            [] {
                Vocabulary::fromMap({{"<pad>", 0}, {"the", 1}});
            },
            ErrorCode::InvalidArgument, "no \"<unk>\""));
        QVERIFY(throwsError(
            [] {
                Vocabulary::fromMap({{"<unk>", 0}, {"the", 1}});
            },
            ErrorCode::InvalidArgument, "no \"<pad>\""));
        QVERIFY(
            throwsError([] { Vocabulary::fromMap({}); }, ErrorCode::InvalidArgument, "\"<pad>\""));
    }

    void fromJsonErrors() {
        QVERIFY(throwsError([] { Vocabulary::fromJson("{\n\"<pad>\": 0,\n oops }", "v.json"); },
                            ErrorCode::ParseError, "v.json: line 3"));
        QVERIFY(throwsError([] { Vocabulary::fromJson("", "v.json"); }, ErrorCode::ParseError,
                            "v.json"));
        QVERIFY(throwsError([] { Vocabulary::fromJson("[\"<pad>\", \"<unk>\"]", "v.json"); },
                            ErrorCode::ParseError, "found an array"));
        QVERIFY(throwsError(
            [] { Vocabulary::fromJson(R"({"<pad>": 0, "<unk>": 1, "the": 2.5})", "v.json"); },
            ErrorCode::ParseError, "word \"the\" must have a whole-number id"));
        QVERIFY(throwsError(
            [] { Vocabulary::fromJson(R"({"<pad>": 0, "<unk>": 1, "the": "2"})", "v.json"); },
            ErrorCode::ParseError, "not the text \"2\""));
        QVERIFY(throwsError(
            [] { Vocabulary::fromJson(R"({"<pad>": 0, "<unk>": 1, "the": 7})", "v.json"); },
            ErrorCode::ParseError, "v.json: vocabulary: word \"the\" has id 7"));
    }
};

QTEST_APPLESS_MAIN(TestVocabulary)
#include "tst_vocabulary.moc"
