// The tokenizer's rules one by one (science.md "Data and tokens"), its UTF-8 handling, and
// repairUtf8 on every kind of invalid byte sequence.
#include "text/tokenizer.h"

#include <QtTest>

#include <string>
#include <vector>

using namespace flicker;
using Strings = std::vector<std::string>;

namespace {
Strings tokens(std::string_view text, TokenizerSettings settings = {}) {
    return Tokenizer(settings).tokenize(text).toStrings();
}

TokenizerSettings withPunctuation() {
    TokenizerSettings s;
    s.keepPunctuation = true;
    return s;
}
} // namespace

class TestTokenizer : public QObject {
    Q_OBJECT
private slots:
    void tokenListStoresTokensCompactly() {
        TokenList list;
        QVERIFY(list.empty());
        list.push_back("one");
        list.push_back("");
        list.push_back("three");
        QCOMPARE(list.size(), std::size_t(3));
        QCOMPARE(list[0], std::string_view("one"));
        QCOMPARE(list[1], std::string_view(""));
        QCOMPARE(list[2], std::string_view("three"));
        QCOMPARE(list.toStrings(), (Strings{"one", "", "three"}));
        list.clear();
        QVERIFY(list.empty());
    }

    void lowerCase() {
        QCOMPARE(tokens("Hello WORLD MiXeD"), (Strings{"hello", "world", "mixed"}));
        TokenizerSettings keepCase;
        keepCase.lowercase = false;
        QCOMPARE(tokens("Hello WORLD", keepCase), (Strings{"Hello", "WORLD"}));
    }

    void htmlBreaksBecomeSpaces() {
        QCOMPARE(tokens("one<br />two<br/>three<br>four<BR />five<br  / >six"),
                 (Strings{"one", "two", "three", "four", "five", "six"}));
        // Not a break: the '<' is punctuation like any other.
        QCOMPARE(tokens("a<brand>b"), (Strings{"a", "brand", "b"}));
        QCOMPARE(tokens("x < y<br"), (Strings{"x", "y", "br"}));
        TokenizerSettings keep;
        keep.replaceHtmlBreaks = false;
        QCOMPARE(tokens("one<br />two", keep), (Strings{"one", "br", "two"}));
    }

    void wordsAreLettersDigitsApostrophes() {
        QCOMPARE(tokens("Don't stop 2 believin' in the 1990s"),
                 (Strings{"don't", "stop", "2", "believin'", "in", "the", "1990s"}));
        QCOMPARE(tokens("'quoted' 10/10"), (Strings{"'quoted'", "10", "10"}));
        QCOMPARE(tokens("snake_case e-mail"), (Strings{"snake", "case", "e", "mail"}));
        // As the regular expression [a-z0-9']+ would: a lone apostrophe is a word too.
        QCOMPARE(tokens("rock ' roll"), (Strings{"rock", "'", "roll"}));
    }

    void punctuationDropped() {
        QCOMPARE(tokens("Hello, world! (Great)... \"film\"; ok?"),
                 (Strings{"hello", "world", "great", "film", "ok"}));
        QCOMPARE(tokens(""), Strings{});
        QCOMPARE(tokens("  ?!... \t\n"), Strings{});
    }

    void punctuationKeptAsTokens() {
        QCOMPARE(tokens("Hi, you!", withPunctuation()), (Strings{"hi", ",", "you", "!"}));
        QCOMPARE(tokens("a...b", withPunctuation()), (Strings{"a", ".", ".", ".", "b"}));
        // A line break is still white space, not punctuation.
        QCOMPARE(tokens("a<br />b", withPunctuation()), (Strings{"a", "b"}));
    }

    void apostrophesOptional() {
        TokenizerSettings s;
        s.keepApostrophes = false;
        QCOMPARE(tokens("don't", s), (Strings{"don", "t"}));
        s.keepPunctuation = true;
        QCOMPARE(tokens("don't", s), (Strings{"don", "'", "t"}));
    }

    void unicodeLettersBelongToWords() {
        QCOMPARE(tokens("Café Über naïve ñandú"), (Strings{"café", "über", "naïve", "ñandú"}));
        QCOMPARE(tokens("ΕΛΛΆΔΑ Москва Łódź ŒUVRE"),
                 (Strings{"ελλάδα", "москва", "łódź", "œuvre"}));
        // A combining accent stays in its word.
        QCOMPARE(tokens("Cafe\xCC\x81 ok"), (Strings{"cafe\xCC\x81", "ok"}));
        TokenizerSettings keepCase;
        keepCase.lowercase = false;
        QCOMPARE(tokens("Über", keepCase), (Strings{"Über"}));
    }

    void unicodeSymbolsSeparateWords() {
        QCOMPARE(tokens("well—maybe “quoted” end…ok 5€ a\xC2\xA0"
                        "b"),
                 (Strings{"well", "maybe", "quoted", "end", "ok", "5", "a", "b"}));
        QCOMPARE(tokens("well—maybe “q”…", withPunctuation()),
                 (Strings{"well", "—", "maybe", "“", "q", "”", "…"}));
        // C1 control characters (Windows-1252 dashes decoded as Latin-1) separate words.
        QCOMPARE(tokens("good\xC2\x96"
                        "bad"),
                 (Strings{"good", "bad"}));
        // The replacement character is never a token, even with punctuation kept.
        QCOMPARE(tokens("caf\xEF\xBF\xBD ok", withPunctuation()), (Strings{"caf", "ok"}));
    }

    void invalidBytesSeparateWordsIfNotRepaired() {
        QCOMPARE(tokens("ab\xFF"
                        "cd\xE2\x82"),
                 (Strings{"ab", "cd"}));
    }

    void repairLeavesValidTextAlone() {
        std::string text = "plain ASCII, then café, Москва, 😀 and more ASCII text to pass 8";
        const std::string before = text;
        QCOMPARE(repairUtf8(text), std::size_t(0));
        QCOMPARE(text, before);
        std::string empty;
        QCOMPARE(repairUtf8(empty), std::size_t(0));
    }

    void repairReplacesEveryInvalidByte_data() {
        QTest::addColumn<QByteArray>("input");
        QTest::addColumn<QByteArray>("expected");
        QTest::addColumn<int>("replaced");
        const QByteArray r = "\xEF\xBF\xBD";
        QTest::newRow("latin-1 byte") << QByteArray("caf\xE9!") << ("caf" + r + "!") << 1;
        QTest::newRow("lone continuation") << QByteArray("a\x80"
                                                         "b")
                                           << ("a" + r + "b") << 1;
        QTest::newRow("truncated 3-byte") << QByteArray("\xE2\x82") << (r + r) << 2;
        QTest::newRow("truncated then ASCII") << QByteArray("\xE2\x82z") << (r + r + "z") << 2;
        QTest::newRow("overlong slash") << QByteArray("\xC0\xAF") << (r + r) << 2;
        QTest::newRow("overlong 3-byte") << QByteArray("\xE0\x80\xAF") << (r + r + r) << 3;
        QTest::newRow("surrogate") << QByteArray("\xED\xA0\x80") << (r + r + r) << 3;
        QTest::newRow("above U+10FFFF") << QByteArray("\xF4\x90\x80\x80") << (r + r + r + r) << 4;
        QTest::newRow("F5 byte") << QByteArray("x\xF5y") << ("x" + r + "y") << 1;
        QTest::newRow("after a long ASCII run") << QByteArray("0123456789abcdefghij\xFF")
                                                << QByteArray("0123456789abcdefghij" + r) << 1;
        QTest::newRow("valid around invalid") << QByteArray("\xC3\xA9\xFF\xF0\x9F\x98\x80")
                                              << ("\xC3\xA9" + r + "\xF0\x9F\x98\x80") << 1;
    }
    void repairReplacesEveryInvalidByte() {
        QFETCH(QByteArray, input);
        QFETCH(QByteArray, expected);
        QFETCH(int, replaced);
        std::string text = input.toStdString();
        QCOMPARE(repairUtf8(text), std::size_t(replaced));
        QCOMPARE(QByteArray::fromStdString(text), expected);
        QCOMPARE(repairUtf8(text), std::size_t(0)); // repaired text is valid
    }
};

QTEST_APPLESS_MAIN(TestTokenizer)
#include "tst_tokenizer.moc"
