// GUI tests of CurvePlot, the one figure of curves: live lines, error bars and SD bands,
// dashed and reference curves (other data: thin, dashed, no markers), reference lines (in the
// legend when labelled), fixed and fitted ranges, the second axis, the CSV, the dark and
// presentation themes, and export with provenance.
#include "curve_plot.h"
#include "plot_style.h"

#include <QImage>
#include <QTemporaryDir>
#include <QTest>

#include <qcustomplot.h>

#include <cmath>
#include <limits>

using namespace flicker;

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

int countOf(QCustomPlot* plot, const char* className) {
    int n = 0;
    for (int k = 0; k < plot->plottableCount(); ++k)
        if (plot->plottable(k)->inherits(className)) ++n;
    return n;
}

QStringList legendNames(QCustomPlot* plot) {
    QStringList names;
    for (int k = 0; k < plot->legend->itemCount(); ++k)
        if (auto* item = qobject_cast<QCPPlottableLegendItem*>(plot->legend->item(k)))
            names << item->plottable()->name();
    return names;
}

} // namespace

class TestCurvePlot : public QObject {
    Q_OBJECT

private slots:
    void linesGrowLiveAndSkipNonFinitePoints() {
        CurvePlot figure(QStringLiteral("test-curves"), QStringLiteral("epoch"),
                         QStringLiteral("fraction active"));
        QCOMPARE(figure.figureName(), QStringLiteral("test-curves"));
        QCOMPARE(figure.plot()->xAxis->label(), QStringLiteral("epoch"));
        QVERIFY(!figure.plot()->legend->visible()); // no empty box before the first curve
        Curve c{.name = QStringLiteral("width 100"), .colour = style::kData, .x = {0}, .y = {0.5}};
        figure.setCurves({c});
        QCOMPARE(figure.pointCount(), 1);
        QVERIFY(figure.plot()->legend->visible());
        // The same curve a few epochs later (as a training run streams them); NaN left out.
        c.x = {0, 1, 2, 3};
        c.y = {0.5, 0.4, kNaN, 0.3};
        figure.setCurves({c});
        QCOMPARE(figure.pointCount(), 3);
        QCOMPARE(figure.plot()->graphCount(), 1);
        // The x axis fits the points with a margin.
        QVERIFY(figure.plot()->xAxis->range().lower < 0);
        QVERIFY(figure.plot()->xAxis->range().upper > 3);
        QVERIFY(figure.plot()->yAxis->range().contains(0.3));
        QVERIFY(figure.plot()->yAxis->range().contains(0.5));
        figure.setCurves({});
        QCOMPARE(figure.pointCount(), 0);
        QVERIFY(!figure.plot()->legend->visible());
        QVERIFY(figure.dataCsv().isEmpty());
    }

    void spreadAsBarsOrBand() {
        CurvePlot figure;
        Curve bars{.name = QStringLiteral("β"),
                   .colour = style::kPinkNoise,
                   .x = {0, 1},
                   .y = {1, 2},
                   .error = {0.5, 0.5}};
        Curve band{.name = QStringLiteral("PR, mean ± SD over 2 seeds"),
                   .colour = style::kData,
                   .x = {0, 1},
                   .y = {3, 4},
                   .error = {1, 1},
                   .band = true};
        figure.setCurves({bars, band});
        QCOMPARE(countOf(figure.plot(), "QCPErrorBars"), 1);
        // The band: two graphs with the fill between them, not in the legend.
        QCOMPARE(figure.plot()->graphCount(), 2 + 2);
        QCOMPARE(legendNames(figure.plot()),
                 (QStringList{QStringLiteral("β"), QStringLiteral("PR, mean ± SD over 2 seeds")}));
        int filled = 0;
        for (int k = 0; k < figure.plot()->graphCount(); ++k)
            if (figure.plot()->graph(k)->channelFillGraph()) ++filled;
        QCOMPARE(filled, 1);
        QCOMPARE(figure.pointCount(), 4); // the lines' points only
        // The fitted range holds the spread: 0.5 … 5.
        QVERIFY(figure.plot()->yAxis->range().lower < 0.5);
        QVERIFY(figure.plot()->yAxis->range().upper > 5);
        // A zero spread draws neither.
        band.error = {0, 0};
        figure.setCurves({band});
        QCOMPARE(figure.plot()->graphCount(), 1);
        QCOMPARE(countOf(figure.plot(), "QCPErrorBars"), 0);
    }

    void dashedAndReferenceCurves() {
        CurvePlot figure;
        const Curve own{.name = QStringLiteral("this data set"),
                        .colour = style::kData,
                        .x = {0, 1},
                        .y = {0.7, 0.3}};
        Curve before = own;
        before.name = QStringLiteral("before training");
        before.dashed = true;
        const Curve published{.name = QStringLiteral("published: MNIST (other data set)"),
                              .colour = QColor(0x55, 0x55, 0x55),
                              .x = {0, 1},
                              .y = {0.9, 0.1},
                              .reference = true};
        figure.setCurves({own, before, published});
        const QCPGraph* line = figure.plot()->graph(0);
        const QCPGraph* dashed = figure.plot()->graph(1);
        const QCPGraph* reference = figure.plot()->graph(2);
        QCOMPARE(line->pen().style(), Qt::SolidLine);
        QCOMPARE(dashed->pen().style(), Qt::DashLine);
        QCOMPARE(reference->pen().style(), Qt::DashLine);
        QVERIFY(dashed->scatterStyle().shape() == QCPScatterStyle::ssDisc);
        QVERIFY(reference->scatterStyle().isNone()); // other data: no markers, thinner
        QVERIFY(reference->pen().widthF() < line->pen().widthF());
        QVERIFY(legendNames(figure.plot()).contains(published.name));
    }

    void referenceLinesAndRanges() {
        CurvePlot figure;
        figure.setReferenceLines({{0.5, QStringLiteral("chance")}, {0.0, QString()}});
        figure.setCurves({{.name = QStringLiteral("accuracy"),
                           .colour = style::kData,
                           .x = {0, 1, 2},
                           .y = {0.6, 0.8, 0.9}}});
        // Both lines drawn across the plot; only the labelled one in the legend.
        QCOMPARE(figure.plot()->itemCount(), 2);
        QCOMPARE(legendNames(figure.plot()),
                 (QStringList{QStringLiteral("accuracy"), QStringLiteral("chance")}));
        QCOMPARE(figure.pointCount(), 3); // the legend's key for "chance" holds no data
        // The fitted range holds the lines too.
        QVERIFY(figure.plot()->yAxis->range().contains(0.0));
        // A fixed range stays as the curves change.
        figure.setYRange(0, 1.05);
        figure.setCurves({{.name = QStringLiteral("accuracy"),
                           .colour = style::kData,
                           .x = {0, 1},
                           .y = {0.2, 0.3}}});
        QCOMPARE(figure.plot()->yAxis->range().lower, 0.0);
        QCOMPARE(figure.plot()->yAxis->range().upper, 1.05);
        QCOMPARE(figure.plot()->itemCount(), 2); // the lines are replaced, not added again
        figure.setReferenceLines({});
        QCOMPARE(figure.plot()->itemCount(), 0);
    }

    void secondAxis() {
        CurvePlot figure;
        figure.setAxisLabels(QStringLiteral("σ"), QStringLiteral("β"), QStringLiteral("PR"));
        QVERIFY(figure.plot()->yAxis2->visible());
        figure.setCurves(
            {{.name = QStringLiteral("β"), .colour = style::kData, .x = {0, 1}, .y = {1, 1.2}},
             {.name = QStringLiteral("PR"),
              .colour = style::kFit,
              .x = {0, 1},
              .y = {20, 30},
              .rightAxis = true}});
        QCOMPARE(figure.plot()->graph(1)->valueAxis(), figure.plot()->yAxis2);
        QVERIFY(figure.plot()->yAxis2->range().contains(30));
        QVERIFY(!figure.plot()->yAxis->range().contains(30));
        figure.setRightRange(0, 100);
        QCOMPARE(figure.plot()->yAxis2->range().upper, 100.0);
        figure.setAxisLabels(QStringLiteral("σ"), QStringLiteral("β"));
        QVERIFY(!figure.plot()->yAxis2->visible());
    }

    void csvOfEveryPoint() {
        CurvePlot figure;
        figure.setCurves({{.name = QStringLiteral("a \"quoted\" name"),
                           .colour = style::kData,
                           .x = {0, 1},
                           .y = {0.5, kNaN},
                           .error = {0.1}}});
        QCOMPARE(figure.dataCsv(), QStringLiteral("curve,x,y,error\n"
                                                  "\"a \"\"quoted\"\" name\",0,0.5,0.1\n"
                                                  "\"a \"\"quoted\"\" name\",1,,\n"));
    }

    void themesAndExport() {
        CurvePlot figure;
        // A dark colour: legible on the light background as it is, lightened on the dark one.
        const QColor navy(0x10, 0x20, 0x60);
        figure.setReferenceLines({{0.0, QString()}});
        figure.setCurves({{.name = QStringLiteral("n"),
                           .colour = navy,
                           .x = {0, 1},
                           .y = {0, 1},
                           .error = {0.1, 0.1},
                           .band = true}});
        QCPGraph* line = figure.plot()->graph(2);
        QCOMPARE(line->name(), QStringLiteral("n"));
        QCOMPARE(line->pen().color(), navy);
        const double thin = line->pen().widthF();
        figure.setDarkTheme(true);
        const QColor onDark = line->pen().color();
        QVERIFY(onDark != navy);
        QVERIFY(onDark.lightnessF() > navy.lightnessF());
        QCOMPARE(figure.plot()->graph(1)->brush().color().rgb(), onDark.rgb()); // the band too
        figure.setDarkTheme(false);
        figure.setPresentationMode(true);
        QVERIFY(line->pen().widthF() > thin);
        QVERIFY(line->scatterStyle().size() > 6);
        figure.setPresentationMode(false);

        QTemporaryDir folder;
        const QString provenance = QStringLiteral("Flicker test · curves, seed 1");
        figure.setProvenance(provenance);
        QString error;
        QVERIFY2(figure.exportTo(folder.filePath("curves.png"), &error), qPrintable(error));
        QCOMPARE(QImage(folder.filePath("curves.png")).text("Description"), provenance);
        QVERIFY2(figure.exportTo(folder.filePath("curves.csv"), &error), qPrintable(error));
    }
};

QTEST_MAIN(TestCurvePlot)
#include "tst_curve_plot.moc"
