// The explorer and the across-review page, driven as a user would (offscreen): a demo corpus
// and a small model trained here; clicking reviews, changing kind and units, dragging the fit
// range, playing, running a study and clicking a review in its scatter, exporting figures.
#include "box_plot.h"
#include "curve_plot.h"
#include "error.h"
#include "explorer/explorer_page.h"
#include "explorer/review_list.h"
#include "explorer/review_text.h"
#include "explorer/study_page.h"
#include "explorer/unit_panel.h"
#include "fluctuation_plot.h"
#include "heatmap_plot.h"
#include "histogram_plot.h"
#include "job_runner.h"
#include "scatter_plot.h"
#include "signal/dfa.h"
#include "spectrum_plot.h"
#include "support/small_model.h"
#include "text/demo_corpus.h"
#include "traces_plot.h"
#include "train/dataset.h"
#include "workspace.h"

#include <QCheckBox>
#include <QComboBox>
#include <qcustomplot.h>
#include <QFile>
#include <QImageReader>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableView>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace flicker;

namespace {

constexpr int kTimeoutMs = 60000;

std::shared_ptr<const Corpus> smallCorpus() {
    return std::make_shared<const Corpus>(test::smallDemoCorpus(400));
}

std::shared_ptr<const Model> smallModel(const Corpus& corpus) {
    return std::make_shared<const Model>(test::trainSmallModel(corpus, 8, 12, 200));
}

// First review of the test split with at least `words` words.
std::size_t longReview(const Corpus& corpus, std::size_t words, std::size_t skip = 0) {
    for (std::size_t k = 0; k < corpus.reviews.size(); ++k)
        if (corpus.reviews[k].split == Split::Test && corpus.reviews[k].tokens.size() >= words &&
            skip-- == 0)
            return k;
    return 0;
}

} // namespace

class TestExplorer : public QObject {
    Q_OBJECT

    std::shared_ptr<const Corpus> m_corpus;
    std::shared_ptr<const Model> m_model;
    Workspace* m_workspace = nullptr;
    ExplorerPage* m_page = nullptr;

    void clickReviewRow(std::size_t review) {
        QTableView* table = m_page->reviewList()->table();
        const QModelIndex source = m_page->reviewList()->model()->index(int(review), 0);
        const QModelIndex proxy = m_page->reviewList()->filter()->mapFromSource(source);
        QVERIFY(proxy.isValid());
        table->scrollTo(proxy);
        const QRect cell = table->visualRect(proxy);
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell.center());
    }

private slots:
    void initTestCase() {
        m_corpus = smallCorpus();
        m_model = smallModel(*m_corpus);
        m_workspace = new Workspace(this);
        m_workspace->setCorpus(m_corpus);
        m_workspace->setModel(m_model, QStringLiteral("small.flicker"));
        CorpusPredictions p = classifyCorpus(*m_model, *m_corpus, 500, {}, {});
        QCOMPARE(p.probability.size(), m_corpus->reviews.size());
        QVERIFY(!std::isnan(p.probability.front()));
        m_workspace->setPredictions(std::make_shared<const CorpusPredictions>(std::move(p)));
        m_page = new ExplorerPage(m_workspace);
        m_page->resize(1400, 900);
        m_page->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_page));
    }

    // Issue 15: one vocabulary and one origin. The review text's tooltip names word t as
    // "word t + 1", the figures' word axes label step t as t + 1, and F(n) counts its windows
    // in words.
    void wordsCountFromOneEverywhere() {
        ReviewTextView text;
        text.setReview({"a", "fine", "film"}, {0.5, -0.25}, QStringLiteral("h unit 2"));
        QVERIFY(text.toolTipOf(0).startsWith(QStringLiteral("word 1: “a”")));
        QVERIFY(text.toolTipOf(1).contains(QStringLiteral("h unit 2 = -0.250")));
        QVERIFY(text.toolTipOf(2).startsWith(QStringLiteral("word 3: “film”")));
        QVERIFY(text.toolTipOf(2).contains(QStringLiteral("analysed words")));
        HeatmapPlot heatmap;
        heatmap.setData(std::vector<float>(3 * 2, 0.1f), 3, 2, QStringLiteral("h"), true);
        heatmap.plot()->xAxis->setRange(-0.5, 2.5);
        heatmap.replotNow();
        QCOMPARE(heatmap.plot()->xAxis->tickVector().first(), 0.0);
        QCOMPARE(heatmap.plot()->xAxis->tickVectorLabels().first(), QStringLiteral("1"));
        QVERIFY(
            m_page->fluctuationPlot()->plot()->xAxis->label().contains(QStringLiteral("(words)")));
        QCOMPARE(m_page->fluctuationPlot()->windowUnit(), QStringLiteral("words"));
        QCOMPARE(m_page->spectrumPlot()->plot()->xAxis->label(),
                 QStringLiteral("frequency (cycles/word)"));
    }

    void cleanupTestCase() { delete m_page; }

    void reviewListFiltersAndSearches() {
        ReviewListPanel* list = m_page->reviewList();
        QCOMPARE(list->filter()->rowCount(), int(m_corpus->reviews.size()));
        list->longOnlyCheck()->setChecked(true);
        int longReviews = 0;
        for (const Review& r : m_corpus->reviews)
            longReviews += r.tokens.size() >= 500;
        QCOMPARE(list->filter()->rowCount(), longReviews);
        list->longOnlyCheck()->setChecked(false);
        list->splitCombo()->setCurrentIndex(list->splitCombo()->findData(int(Split::Test)));
        QCOMPARE(list->filter()->rowCount(), int(m_corpus->count(Split::Test)));
        list->splitCombo()->setCurrentIndex(0);
        // Search: a word of one review's text finds that review.
        const Review& target = m_corpus->reviews[longReview(*m_corpus, 500)];
        const QString word = QString::fromStdString(std::string(target.tokens[3]));
        list->searchEdit()->setText(word);
        QTRY_VERIFY(list->filter()->rowCount() < int(m_corpus->reviews.size()));
        for (int row = 0; row < list->filter()->rowCount(); ++row) {
            const auto k =
                list->filter()->index(row, 0).data(ReviewTableModel::kIndexRole).toULongLong();
            QVERIFY(QString::fromStdString(m_corpus->reviews[k].text)
                        .contains(word, Qt::CaseInsensitive));
        }
        list->searchEdit()->clear();
        QTRY_COMPARE(list->filter()->rowCount(), int(m_corpus->reviews.size()));
        // Wrongly classified: exactly the reviews whose prediction differs from the label.
        list->correctnessCombo()->setCurrentIndex(2);
        int wrong = 0;
        for (std::size_t k = 0; k < m_corpus->reviews.size(); ++k)
            wrong += int(m_workspace->predictions()->probability[k] > 0.5f) !=
                     m_corpus->reviews[k].label;
        QCOMPARE(list->filter()->rowCount(), wrong);
        list->correctnessCombo()->setCurrentIndex(0);
    }

    void predictionsFillTheListAsTheyArrive() {
        // The app shows the first review before every review is classified: the list's
        // prediction columns fill batch by batch without resetting the rows or the selection.
        Workspace workspace;
        workspace.setCorpus(m_corpus);
        workspace.setModel(m_model, QStringLiteral("small.flicker"));
        ReviewListPanel list(&workspace);
        list.resize(600, 400);
        list.show();
        const std::size_t chosen = longReview(*m_corpus, 500);
        list.selectReview(chosen);
        QCOMPARE(list.selectedReview(), long(chosen));
        ReviewTableModel* table = list.model();
        QSignalSpy reset(table, &QAbstractItemModel::modelReset);
        const auto cell = [&](std::size_t row, int column) {
            return table->index(int(row), column).data().toString();
        };
        const std::size_t n = m_corpus->reviews.size();
        QCOMPARE(cell(0, ReviewTableModel::Prediction), QStringLiteral("…"));
        workspace.addPredictions(0, {0.9f, 0.1f, 0.6f});
        QCOMPARE(cell(0, ReviewTableModel::Prediction), QStringLiteral("pos"));
        QCOMPARE(cell(1, ReviewTableModel::Prediction), QStringLiteral("neg"));
        QCOMPARE(cell(1, ReviewTableModel::Confidence), QStringLiteral("90 %"));
        QCOMPARE(cell(2, ReviewTableModel::Confidence), QStringLiteral("60 %"));
        QCOMPARE(cell(3, ReviewTableModel::Prediction), QStringLiteral("…"));
        // A later batch, the last one running one past the end (ignored, not written).
        workspace.addPredictions(n - 2, {0.2f, 0.8f, 0.7f});
        QCOMPARE(cell(n - 2, ReviewTableModel::Prediction), QStringLiteral("neg"));
        QCOMPARE(cell(n - 1, ReviewTableModel::Prediction), QStringLiteral("pos"));
        QCOMPARE(cell(0, ReviewTableModel::Prediction), QStringLiteral("pos"));
        QCOMPARE(workspace.predictions()->probability.size(), n);
        QVERIFY(std::isnan(workspace.predictions()->probability[3]));
        // The whole set at the end (as the app does when classification is done): the same.
        QSignalSpy selected(&list, &ReviewListPanel::reviewSelected);
        workspace.setPredictions(std::make_shared<const CorpusPredictions>(
            classifyCorpus(*m_model, *m_corpus, 500, {}, {})));
        QVERIFY(cell(3, ReviewTableModel::Prediction) != QStringLiteral("…"));
        QCOMPARE(reset.count(), 0);
        QCOMPARE(selected.count(), 0); // nothing re-selected: a playing review keeps playing
        QCOMPARE(list.selectedReview(), long(chosen));
    }

    void clickingAReviewShowsItsActivationsAndFluctuations() {
        const std::size_t review = longReview(*m_corpus, 500);
        QSignalSpy shown(m_page, &ExplorerPage::reviewShown);
        clickReviewRow(review);
        QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty() && !m_page->isComputing(), kTimeoutMs);
        QCOMPARE(m_page->currentReview(), long(review));
        const ReviewAnalysis* a = m_page->analysis();
        QVERIFY(a);
        QCOMPARE(a->steps, std::size_t(500));
        // The heatmap holds h: 500 steps × 12 units, the recording's values.
        QCOMPARE(m_page->heatmap()->steps(), std::size_t(500));
        QCOMPARE(m_page->heatmap()->units(), std::size_t(12));
        QCOMPARE(m_page->heatmap()->values()[7 * 12 + 3], a->recording.at(ActivationKind::H, 7, 3));
        // The text shows the words the model read.
        QCOMPARE(m_page->reviewText()->words().size(), std::size_t(500));

        // Each F(n) curve is core's DFA of that unit's series; the aggregate is the mean F(n).
        const std::vector<int> units = m_page->unitPanel()->selectedUnits();
        QVERIFY(!units.empty());
        const auto& curves = m_page->fluctuationPlot()->curves();
        QVERIFY(!curves.empty());
        for (const FluctuationCurve& curve : curves) {
            const int u = curve.label.section(QLatin1Char(' '), -1).toInt();
            const DfaResult direct = dfa(a->unitSeries(ActivationKind::H, std::size_t(u)));
            QVERIFY(std::abs(curve.result.alpha - direct.alpha) < 1e-12);
        }
        std::vector<double> meanF(a->scales.size(), 0.0);
        int active = 0;
        for (std::size_t u = 0; u < 12; ++u) {
            const DfaResult d = dfa(a->unitSeries(ActivationKind::H, u));
            if (d.silent) continue;
            ++active;
            for (std::size_t s = 0; s < meanF.size(); ++s)
                meanF[s] += d.fluctuation[s];
        }
        DfaResult mean;
        mean.scales = a->scales;
        for (double f : meanF)
            mean.fluctuation.push_back(f / active);
        refit(mean, 0, 0);
        QVERIFY(std::abs(m_page->fluctuationPlot()->result().alpha - mean.alpha) < 1e-9);
        // The traces show the selected units, the spectrum the first of them.
        QCOMPARE(m_page->traces()->series().size(), units.size());
        QVERIFY(!m_page->spectrumPlot()->result().spectrum.power.empty());
    }

    void changingKindAndUnits() {
        QSignalSpy units(m_page->unitPanel(), &UnitPanel::unitsChanged);
        m_page->unitPanel()->setKind(ActivationKind::X);
        QCOMPARE(m_page->heatmap()->units(), std::size_t(8)); // the embedding has 8 units
        QVERIFY(m_page->heatmap()->symmetric());              // word vectors take both signs
        m_page->unitPanel()->setKind(ActivationKind::F);
        QVERIFY(!m_page->heatmap()->symmetric()); // the forget gate lives in [0, 1]
        m_page->unitPanel()->setKind(ActivationKind::C);
        m_page->unitPanel()->selectUnits({2, 5});
        QCOMPARE(m_page->traces()->series().size(), std::size_t(2));
        const auto expected = m_page->analysis()->unitSeries(ActivationKind::C, 5);
        QCOMPARE(m_page->traces()->series()[1].values, expected);
        QCOMPARE(m_page->heatmap()->highlightedUnits(), (std::vector<int>{2, 5}));
        // The table's β column is this review's DFA beta of each unit.
        QTableWidget* table = m_page->unitPanel()->table();
        for (int row = 0; row < table->rowCount(); ++row) {
            const int u = table->item(row, UnitPanel::Unit)->data(Qt::DisplayRole).toInt();
            const DfaResult& d = m_page->analysis()->of(ActivationKind::C).units[std::size_t(u)];
            if (d.silent) continue;
            QVERIFY(std::abs(table->item(row, UnitPanel::Beta)->data(Qt::DisplayRole).toDouble() -
                             d.beta) < 0.006);
        }
        // Quick pick: the most fluctuating units have the largest temporal SD.
        m_page->unitPanel()->selectMostFluctuating();
        const auto& sd = m_page->analysis()->of(ActivationKind::C).temporalSd;
        const std::vector<int> picked = m_page->unitPanel()->selectedUnits();
        QCOMPARE(int(picked.size()), UnitPanel::kQuickPick);
        double smallestPicked = 1e9, largestOther = -1;
        for (std::size_t u = 0; u < sd.size(); ++u) {
            const bool in = std::find(picked.begin(), picked.end(), int(u)) != picked.end();
            (in ? smallestPicked : largestOther) =
                in ? std::min(smallestPicked, sd[u]) : std::max(largestOther, sd[u]);
        }
        QVERIFY(smallestPicked >= largestOther);
        QVERIFY(!units.isEmpty());
        m_page->unitPanel()->setKind(ActivationKind::H);
    }

    void draggingTheFitRangeRefits() {
        FluctuationPlot* plot = m_page->fluctuationPlot();
        QSignalSpy shown(m_page, &ExplorerPage::reviewShown);
        const std::vector<int>& scales = m_page->analysis()->scales;
        plot->dragFitEdge(false, 10); // the lower edge to the window size nearest 10
        QCOMPARE(shown.size(), 1);
        const double low = plot->fitRangeMin(), high = plot->fitRangeMax();
        QVERIFY(low >= 9 && low <= 11);
        QCOMPARE(high, double(scales.back()));
        // Every unit is refitted over the new range: equal to core's DFA with that fit range.
        DfaSettings s;
        s.fitMinScale = low;
        s.fitMaxScale = high;
        const ReviewAnalysis* a = m_page->analysis();
        for (std::size_t u = 0; u < 12; ++u) {
            const DfaResult direct = dfa(a->unitSeries(ActivationKind::H, u), s);
            if (direct.silent) continue;
            QVERIFY(std::abs(a->of(ActivationKind::H).units[u].alpha - direct.alpha) < 1e-12);
        }
        QVERIFY(std::abs(plot->result().scales[std::size_t(plot->result().fitFirst)] - low) < 1e-9);
        // The next review keeps the user's fit range.
        const std::size_t other = longReview(*m_corpus, 500, 1);
        m_page->showReview(other);
        QTRY_VERIFY_WITH_TIMEOUT(shown.size() >= 2 && !m_page->isComputing(), kTimeoutMs);
        QCOMPARE(m_page->analysis()->fitMinScale, low);
    }

    void windowSettingsChangeTheScales() {
        QSignalSpy shown(m_page, &ExplorerPage::reviewShown);
        m_page->maxScaleSpin()->setValue(50);
        m_page->scaleCountSpin()->setValue(8);
        emit m_page->scaleCountSpin()->editingFinished();
        QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty() && !m_page->isComputing(), kTimeoutMs);
        const std::vector<int> expected = logSpacedScales(4, 50, 8);
        QCOMPARE(m_page->analysis()->scales, expected);
        QCOMPARE(m_page->analysis()->fitMinScale, 0.0); // new windows: the default fit again
        QCOMPARE(m_page->fluctuationPlot()->result().scales, expected);
        m_page->maxScaleSpin()->setValue(0);
        m_page->scaleCountSpin()->setValue(16);
        shown.clear();
        emit m_page->scaleCountSpin()->editingFinished();
        QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty() && !m_page->isComputing(), kTimeoutMs);
        QCOMPARE(m_page->analysis()->scales.back(), 125);
    }

    void playGrowsTheTraces() {
        m_page->playTo(40);
        QCOMPARE(m_page->reviewText()->currentStep(), 40);
        QCOMPARE(m_page->heatmap()->cursorStep(), 40);
        QCOMPARE(m_page->heatmap()->steps(), std::size_t(41));
        for (const TraceSeries& s : m_page->traces()->series())
            QCOMPARE(s.values.size(), std::size_t(41));
        QVERIFY(m_page->fluctuationPlot()->curveCount() > 0); // F(n) of the first 41 words
        m_page->startPlaying();
        QVERIFY(m_page->isPlaying());
        QTRY_VERIFY(m_page->reviewText()->currentStep() >= 2);
        m_page->stopPlaying();
        QVERIFY(!m_page->isPlaying());
        QCOMPARE(m_page->heatmap()->steps(), std::size_t(500)); // the whole review again
    }

    void aShortReviewGivesAClearError() {
        // A corpus with one review of five words: too short for any DFA window.
        auto corpus = std::make_shared<Corpus>();
        corpus->name = "five words";
        Review r;
        r.id = "short/1";
        r.split = Split::Test;
        r.label = 1;
        r.text = "a film i liked much";
        for (const char* w : {"a", "film", "i", "liked", "much"})
            r.tokens.push_back(w);
        corpus->reviews.push_back(r);
        Workspace workspace;
        workspace.setCorpus(corpus);
        workspace.setModel(m_model, {});
        ExplorerPage page(&workspace);
        QSignalSpy failed(&page, &ExplorerPage::analysisFailed);
        page.showReview(0);
        QTRY_VERIFY_WITH_TIMEOUT(!failed.isEmpty(), kTimeoutMs);
        const QString message = failed.front().front().toString();
        QVERIFY2(message.contains(QStringLiteral("5 words")) &&
                     message.contains(QStringLiteral("too few")),
                 qPrintable(message));
        QVERIFY(!page.analysis()); // nothing half-shown
    }

    void exportEveryFigureWithProvenance() {
        m_page->showReview(longReview(*m_corpus, 500));
        QTRY_VERIFY_WITH_TIMEOUT(!m_page->isComputing() && m_page->analysis(), kTimeoutMs);
        QTemporaryDir dir;
        QString error;
        QStringList written;
        QVERIFY2(m_page->exportAll(dir.path(), &error, &written), qPrintable(error));
        QCOMPARE(written.size(), 16); // 4 figures × PNG, SVG, PDF, CSV
        const QString id =
            QString::fromStdString(m_corpus->reviews[std::size_t(m_page->currentReview())].id);
        for (const QString& path : written) {
            QFile f(path);
            QVERIFY(f.open(QIODevice::ReadOnly));
            const QByteArray bytes = f.readAll();
            if (path.endsWith(".png")) {
                QImageReader reader(path);
                QVERIFY(reader.canRead());
                QVERIFY(reader.text(QStringLiteral("Description")).contains(id));
            } else if (path.endsWith(".svg")) {
                QVERIFY(bytes.contains("<desc>"));
                QVERIFY(bytes.contains(id.toUtf8()));
            } else if (path.endsWith(".pdf")) {
                QVERIFY(bytes.startsWith("%PDF"));
            } else {
                QVERIFY(bytes.startsWith("# "));
                QVERIFY(bytes.contains(id.toUtf8()));
            }
        }
    }

    void studyFillsTheFiguresAndOpensAReview() {
        JobRunner jobs;
        StudyPage study(m_workspace, &jobs);
        study.resize(1400, 900);
        study.show();
        study.reviewsSpin()->setValue(6);
        study.controlsCheck()->setChecked(false);
        QSignalSpy finished(&study, &StudyPage::studyFinished);
        QSignalSpy betas(&study, &StudyPage::unitBetasChanged);
        study.runStudy();
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), kTimeoutMs);
        QVERIFY(finished.front().at(0).toString().isEmpty());
        QCOMPARE(study.result().reviews.size(), std::size_t(6));
        QCOMPARE(study.scatter()->pairCount(), 6);
        QCOMPARE(study.histogram()->groupCount(), 2); // x and h by default
        QCOMPARE(study.histogram()->finiteCount(1), 6);
        QCOMPARE(study.groupsPlot()->boxCount(), 9); // seven kinds, internal, external
        QVERIFY(!betas.isEmpty());
        // The PR of h over the steps of a review: one point per analysed step (no untrained
        // twin without the controls), the study's own curve, axes with units, in the export.
        const StudyResult& done = study.result();
        QCOMPARE(done.prSteps.size(), done.settings.steps);
        QCOMPARE(study.prStepsPlot()->curves().size(), std::size_t(1));
        QCOMPARE(study.prStepsPlot()->curves().front().y, done.prByStep);
        QCOMPARE(study.prStepsPlot()->pointCount(), int(done.settings.steps));
        QVERIFY(study.prStepsPlot()->plot()->yAxis->label().contains(QStringLiteral("dimensions")));
        QVERIFY(study.prStepsPlot()->plot()->xAxis->label().contains(QStringLiteral("step")));
        QVERIFY(study.prStepsPlot()->dataCsv().startsWith(QStringLiteral("curve,x,y,error\n")));
        QVERIFY(study.figures().contains(study.prStepsPlot()));
        // The histogram's mean in the legend is the study's summary of h.
        const double meanH = study.result().summary.at("h").beta.mean;
        QVERIFY(study.histogram()->legendText(1).contains(
            QString::number(meanH, 'f', 2).replace(QLatin1Char('-'), QChar(0x2212))));

        // Clicking a point opens that review in the explorer.
        connect(&study, &StudyPage::reviewRequested, m_page, &ExplorerPage::showReview);
        QSignalSpy requested(&study, &StudyPage::reviewRequested);
        QSignalSpy shown(m_page, &ExplorerPage::reviewShown);
        QCustomPlot* plot = study.scatter()->plot();
        plot->replot();
        const ReviewResult& third = study.result().reviews[2];
        const QPoint at(int(plot->xAxis->coordToPixel(third.rows.at("x").beta)),
                        int(plot->yAxis->coordToPixel(third.rows.at("h").beta)));
        QTest::mouseClick(plot, Qt::LeftButton, {}, at);
        QCOMPARE(requested.size(), 1);
        const std::size_t opened = requested.front().front().value<std::size_t>();
        // Points can overlap; whichever was hit, it is a studied review with those exponents.
        bool found = false;
        for (const ReviewResult& r : study.result().reviews)
            found = found || (r.corpusIndex == opened &&
                              std::abs(r.rows.at("h").beta - third.rows.at("h").beta) < 0.05);
        QVERIFY(found);
        QTRY_VERIFY_WITH_TIMEOUT(!shown.isEmpty() && !m_page->isComputing(), kTimeoutMs);
        QCOMPARE(m_page->currentReview(), long(opened));
    }

    // A review far down a large data set is being analysed when a small data set is opened:
    // the finished analysis must not be shown, its index means nothing in the new data set
    // (it was read past the end of the new list of reviews before).
    void changingTheDataSetDropsARunningAnalysis() {
        const auto predictions = m_workspace->predictions();
        const std::size_t far = longReview(*m_corpus, 500, 3);
        QVERIFY(far > 40);
        DemoCorpusSettings demo;
        demo.trainCount = demo.testCount = 10;
        demo.seed = 99;
        const auto tiny = std::make_shared<const Corpus>(generateDemoCorpus(demo));
        QSignalSpy shown(m_page, &ExplorerPage::reviewShown);
        m_page->orderSpin()->setValue(3); // the direct DFA: the analysis takes a moment
        m_page->showReview(far);
        QTRY_VERIFY(m_page->isComputing());
        m_workspace->setCorpus(tiny);
        QTRY_VERIFY_WITH_TIMEOUT(!m_page->isComputing(), kTimeoutMs);
        QVERIFY(shown.isEmpty());
        QVERIFY(!m_page->analysis());
        QCOMPARE(m_page->currentReview(), -1L);
        m_page->orderSpin()->setValue(1);
        m_workspace->setCorpus(m_corpus);
        m_workspace->setPredictions(predictions);
    }
};

QTEST_MAIN(TestExplorer)
#include "tst_explorer.moc"
