// Issue 15 §5, driven as a user would (offscreen): select words in the review text and get the
// units that follow them, choose one and it is shown; compare two studies written to folders
// (overlaid histograms, a legend that names both models, the summary of both sides), compare a
// study with its untrained twin, export the overlaid figure.
#include "explorer/explorer_page.h"
#include "explorer/range_match_panel.h"
#include "explorer/review_list.h"
#include "explorer/review_text.h"
#include "explorer/study_compare.h"
#include "explorer/study_page.h"
#include "explorer/unit_panel.h"
#include "histogram_plot.h"
#include "io/study_io.h"
#include "job_runner.h"
#include "plot_style.h"
#include "study/range_match.h"
#include "support/small_model.h"
#include "traces_plot.h"
#include "workspace.h"

#include <QComboBox>
#include <QDir>
#include <QPushButton>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace flicker;

namespace {

constexpr int kTimeoutMs = 60000;

StudySettings smallStudy() {
    StudySettings s;
    s.minLength = s.steps = 60;
    s.maxReviews = 8;
    s.controls = {Condition::Untrained};
    s.kinds = {ActivationKind::X, ActivationKind::C, ActivationKind::H};
    return s;
}

double cell(QTableWidget* table, int row, int column) {
    return table->item(row, column)->data(Qt::UserRole).toDouble();
}

int rowOf(QTableWidget* table, const QString& name) {
    for (int row = 0; row < table->rowCount(); ++row)
        if (table->item(row, 0)->text() == name) return row;
    return -1;
}

} // namespace

class TestComparePage : public QObject {
    Q_OBJECT

    std::shared_ptr<const Corpus> m_corpus;
    std::shared_ptr<const Model> m_small, m_large; // H = 6 and H = 10
    Workspace* m_workspace = nullptr;

private slots:
    void initTestCase() {
        m_corpus = std::make_shared<const Corpus>(test::smallDemoCorpus(200));
        m_small = std::make_shared<const Model>(test::trainSmallModel(*m_corpus, 8, 6, 100));
        m_large = std::make_shared<const Model>(test::trainSmallModel(*m_corpus, 8, 10, 100));
        m_workspace = new Workspace(this);
        m_workspace->setCorpus(m_corpus);
        m_workspace->setModel(m_small, QStringLiteral("small.flicker"));
    }

    // Select words 10 … 14 in the text as a user does: the list is the core function's ranking
    // of the kind shown; choosing a row shows that unit; another kind ranks its own units.
    void selectedWordsListTheUnitsThatFollowThem() {
        ExplorerPage page(m_workspace);
        page.resize(1280, 800);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        std::size_t review = 0;
        while (m_corpus->reviews[review].tokens.size() < 80)
            ++review;
        QSignalSpy shown(&page, &ExplorerPage::reviewShown);
        page.showReview(review);
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 1, kTimeoutMs);
        RangeMatchPanel* panel = page.rangeMatchPanel();
        QCOMPARE(panel->table()->rowCount(), 0);
        QVERIFY(!panel->table()->isVisible()); // the hint alone until words are selected
        QVERIFY(panel->hint().contains(QStringLiteral("Select words")));

        ReviewTextView* text = page.reviewText();
        QTextCursor cursor(text->document());
        cursor.setPosition(text->wordStart(10) + 1); // from inside word 10 …
        cursor.setPosition(text->wordStart(14) + 1, QTextCursor::KeepAnchor); // … into word 14
        text->setTextCursor(cursor);
        QCOMPARE(text->range(), (std::pair<int, int>{10, 15}));

        const ReviewAnalysis* analysis = page.analysis();
        QVERIFY(analysis);
        const std::size_t T = analysis->steps, U = analysis->recording.units(ActivationKind::H);
        const auto expected = matchUnitsToRange(
            analysis->recording.values(ActivationKind::H).first(T * U), T, U, 10, 15);
        QVERIFY(!expected.empty());
        std::vector<int> expectedUnits;
        for (std::size_t k = 0; k < expected.size() && k < std::size_t(RangeMatchPanel::kListed);
             ++k)
            expectedUnits.push_back(expected[k].unit);
        QCOMPARE(panel->listedUnits(), expectedUnits);
        QVERIFY(panel->table()->isVisible());
        QVERIFY(panel->hint().contains(QStringLiteral("words 11–15")));
        QVERIFY(panel->hint().contains(QString::fromStdString(page.reviewText()->words()[10])));

        // Choose the second-best unit: it becomes the shown unit (traces, tint), and the range
        // stays marked although the text was redrawn.
        const int second = expectedUnits.at(1);
        QTableWidget* table = panel->table();
        const QRect row1 = table->visualRect(table->model()->index(1, 0));
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, row1.center());
        QCOMPARE(page.unitPanel()->selectedUnits(), std::vector<int>{second});
        QCOMPARE(page.traces()->series().size(), std::size_t(1));
        QCOMPARE(text->range(), (std::pair<int, int>{10, 15}));
        QCOMPARE(panel->listedUnits(), expectedUnits);

        // "Show best" shows the top kBest.
        QTest::mouseClick(panel->bestButton(), Qt::LeftButton);
        std::vector<int> best(expectedUnits.begin(),
                              expectedUnits.begin() + RangeMatchPanel::kBest);
        std::sort(best.begin(), best.end());
        QCOMPARE(page.unitPanel()->selectedUnits(), best);

        // Another kind: its own units ranked for the same words.
        page.showKind(ActivationKind::C);
        const auto forC = matchUnitsToRange(
            analysis->recording.values(ActivationKind::C).first(T * U), T, U, 10, 15);
        QCOMPARE(panel->listedUnits().front(), forC.front().unit);

        // Every analysed word selected: nothing to compare with, and the list says so.
        text->selectRange(0, int(text->words().size()));
        QCOMPARE(panel->table()->rowCount(), 0);
        QVERIFY(panel->hint().contains(QStringLiteral("Every analysed word")));

        // Another review clears the range.
        text->selectRange(2, 4);
        QVERIFY(panel->table()->rowCount() > 0);
        std::size_t next = review + 1;
        while (m_corpus->reviews[next].tokens.size() < 80)
            ++next;
        page.showReview(next);
        QTRY_VERIFY_WITH_TIMEOUT(shown.count() >= 2, kTimeoutMs);
        QCOMPARE(text->range(), (std::pair<int, int>{0, 0}));
        QCOMPARE(panel->table()->rowCount(), 0);
    }

    // Two study folders of two models: both histograms have data, the legend names both
    // (cell count, data set, accuracy), the table's numbers are the studies' means; the twin;
    // a folder that is not a study; the overlaid figure exports.
    void comparesTwoStudyFoldersAndTheTwin() {
        const StudySettings s = smallStudy();
        StudyResult a = runStudy(*m_small, *m_corpus, s).value;
        StudyResult b = runStudy(*m_large, *m_corpus, s).value;
        QTemporaryDir dirA, dirB;
        const Provenance madeA = makeProvenance(*m_small, "", *m_corpus);
        const Provenance madeB = makeProvenance(*m_large, "", *m_corpus);
        QVERIFY(std::isfinite(madeB.modelTestAccuracy));
        writeStudy(dirA.path().toStdString(), a, madeA);
        writeStudy(dirB.path().toStdString(), b, madeB);
        summarizeStudy(a);
        summarizeStudy(b);

        JobRunner jobs;
        StudyPage page(m_workspace, &jobs);
        page.resize(1280, 800);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        Provenance readA;
        page.showResult(readStudy(dirA.filePath("study.json").toStdString(), &readA),
                        QStringLiteral("test"), &readA);
        QVERIFY(page.resultLabel().contains(QStringLiteral("H = 6")));
        QString error;
        QVERIFY(page.compareWithFolder(dirB.path(), &error));
        QVERIFY(page.isComparing());
        QCOMPARE(page.tabs()->currentWidget(), page.comparison());

        HistogramPlot* histogram = page.comparison()->histogram();
        QCOMPARE(histogram->groupCount(), 2);
        QCOMPARE(histogram->finiteCount(0), int(a.summary.at("h").beta.count));
        QCOMPARE(histogram->finiteCount(1), int(b.summary.at("h").beta.count));
        QVERIFY(histogram->finiteCount(0) > 0 && histogram->finiteCount(1) > 0);
        const QString accuracyB =
            QStringLiteral("%1 % accuracy").arg(100.0 * madeB.modelTestAccuracy, 0, 'f', 1);
        QVERIFY2(histogram->legendText(0).contains(QStringLiteral("H = 6")),
                 qPrintable(histogram->legendText(0)));
        QVERIFY2(histogram->legendText(1).contains(QStringLiteral("H = 10")) &&
                     histogram->legendText(1).contains(accuracyB) &&
                     histogram->legendText(1).contains(QString::fromStdString(m_corpus->name)),
                 qPrintable(histogram->legendText(1)));

        QTableWidget* table = page.comparison()->table();
        for (const char* key : {"x", "c", "h"}) {
            const int row = rowOf(table, QString::fromLatin1(key));
            QVERIFY2(row >= 0, key);
            const double meanA = a.summary.at(key).beta.mean, meanB = b.summary.at(key).beta.mean;
            QVERIFY(std::abs(cell(table, row, StudyComparison::This) - meanA) < 1e-12);
            QVERIFY(std::abs(cell(table, row, StudyComparison::Other) - meanB) < 1e-12);
            QVERIFY(std::abs(cell(table, row, StudyComparison::Difference) - (meanA - meanB)) <
                    1e-12);
            QVERIFY(table->item(row, StudyComparison::This)
                        ->text()
                        .startsWith(style::formatNumber(meanA, 3)));
        }
        QCOMPARE(rowOf(table, QStringLiteral("i")), -1); // neither study measured the gates

        // Another kind in the histogram.
        page.comparison()->setHistogramRow("x");
        QCOMPARE(histogram->finiteCount(0), int(a.summary.at("x").beta.count));

        // The overlaid figure is one of the page's figures and exports with them.
        QVERIFY(page.figures().contains(histogram));
        QTemporaryDir out;
        QString exportError;
        QVERIFY2(page.exportAll(out.path(), &exportError), qPrintable(exportError));
        QVERIFY(QFile::exists(out.filePath("study-comparison.png")));
        QFile csv(out.filePath("study-comparison.csv"));
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QVERIFY(csv.readAll().contains("H = 10"));

        // The untrained twin: the same reviews, the "_untrained" rows.
        page.comparison()->setHistogramRow("h");
        QVERIFY(page.compareWithUntrainedTwin());
        QVERIFY(histogram->legendText(1).startsWith(QStringLiteral("untrained twin of")));
        const int h = rowOf(table, QStringLiteral("h"));
        QVERIFY(std::abs(cell(table, h, StudyComparison::Other) -
                         a.summary.at("h_untrained").beta.mean) < 1e-12);
        QCOMPARE(histogram->finiteCount(1), int(a.summary.at("h_untrained").beta.count));

        // The earlier study (the folder) is offered again in the combo.
        QComboBox* combo = page.compareCombo();
        int earlier = -1;
        for (int k = 0; k < combo->count(); ++k)
            if (combo->itemText(k).contains(QStringLiteral("H = 10"))) earlier = k;
        QVERIFY(earlier >= 0);

        // A folder without a study: refused, naming the file; the comparison shown stays.
        QTemporaryDir empty;
        QVERIFY(!page.compareWithFolder(empty.path(), &error));
        QVERIFY2(error.contains(QStringLiteral("study.json")), qPrintable(error));
        QVERIFY(page.isComparing());
        QCOMPARE(histogram->groupCount(), 2);

        page.clearComparison();
        QCOMPARE(histogram->groupCount(), 0);
        QCOMPARE(page.tabs()->currentIndex(), 0);
    }
};

QTEST_MAIN(TestComparePage)
#include "tst_compare_page.moc"
