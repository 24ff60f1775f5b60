// Training from the app: the dialog trains a tiny model with its curves filling (loss per batch,
// test accuracy and β per epoch), Cancel keeps the last good model, and the models panel lists
// models and switches between them.
#include "job_runner.h"
#include "models_panel.h"
#include "support/small_model.h"
#include "text/demo_corpus.h"
#include "traces_plot.h"
#include "train/train_dialog.h"

#include <QDoubleSpinBox>
#include <QPushButton>
#include <QSignalSpy>
#include <QSpinBox>
#include <QTableWidget>
#include <QtTest>

using namespace flicker;

namespace {

constexpr int kTimeoutMs = 120000;

std::shared_ptr<const Corpus> tinyCorpus() {
    return std::make_shared<const Corpus>(test::smallDemoCorpus(200));
}

void makeTiny(TrainDialog& dialog, int epochs) {
    dialog.embeddingSpin()->setValue(4);
    dialog.hiddenSpin()->setValue(4);
    dialog.vocabularySpin()->setValue(500);
    dialog.maxLengthSpin()->setValue(60);
    dialog.probeReviewsSpin()->setValue(3);
    dialog.epochsSpin()->setValue(epochs);
}

} // namespace

class TestTraining : public QObject {
    Q_OBJECT

private slots:
    void trainsWithLiveCurves() {
        JobRunner jobs;
        TrainDialog dialog(tinyCorpus(), &jobs);
        makeTiny(dialog, 2);
        dialog.hiddenNoiseSpin()->setValue(0.1); // trained with noise on h, kept in the model
        QSignalSpy trained(&dialog, &TrainDialog::modelTrained);
        QSignalSpy finished(&dialog, &TrainDialog::trainingFinished);
        QTest::mouseClick(dialog.trainButton(), Qt::LeftButton);
        QVERIFY(dialog.isTraining());
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), kTimeoutMs);
        QVERIFY2(finished.front().at(0).toString().isEmpty(),
                 qPrintable(finished.front().at(0).toString()));
        QCOMPARE(finished.front().at(1).toBool(), false);
        QCOMPARE(trained.size(), 1);
        const auto model = dialog.trainedModel();
        QVERIFY(model);
        QCOMPARE(model->network.settings().hidden, 4);
        QCOMPARE(model->history.settings.hiddenNoise, 0.1);
        QCOMPARE(model->history.settings.inputNoise, 0.0);
        QCOMPARE(model->history.epochs.size(), std::size_t(3)); // epoch 0 and two epochs
        // The trajectory: a probe at initialisation and after each epoch, β of every kind.
        QCOMPARE(dialog.points().size(), std::size_t(3));
        for (const TrajectoryPoint& p : dialog.points())
            QVERIFY(p.summary.count("h") && p.probeReviews == 3);
        // The curves hold what training reported: one loss per batch, five series per epoch.
        const std::size_t batchesPerEpoch = (200 + 63) / 64;
        QCOMPARE(dialog.batchLosses().size(), 2 * batchesPerEpoch);
        QCOMPARE(dialog.lossPlot()->series().front().values, dialog.batchLosses());
        QCOMPARE(dialog.epochPlot()->series().size(), std::size_t(5));
        const auto& accuracy = dialog.epochPlot()->series().front().values;
        QCOMPARE(accuracy.size(), std::size_t(3));
        QCOMPARE(accuracy.back(), model->history.epochs.back().testAccuracy);
        const auto& betaH = dialog.epochPlot()->series()[3].values;
        QCOMPARE(betaH.back(), dialog.points().back().summary.at("h").beta.mean);
        QVERIFY(dialog.stateText().contains(QStringLiteral("test accuracy")));
    }

    void cancelKeepsTheLastGoodModel() {
        JobRunner jobs;
        TrainDialog dialog(tinyCorpus(), &jobs);
        makeTiny(dialog, 200);
        QSignalSpy finished(&dialog, &TrainDialog::trainingFinished);
        QSignalSpy trained(&dialog, &TrainDialog::modelTrained);
        dialog.startTraining();
        QTRY_VERIFY_WITH_TIMEOUT(dialog.points().size() >= 2, kTimeoutMs); // after epoch 1
        QTest::mouseClick(dialog.trainButton(), Qt::LeftButton);           // "Cancel"
        QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), kTimeoutMs);
        QCOMPARE(finished.front().at(1).toBool(), true);
        QCOMPARE(trained.size(), 1);
        QVERIFY(dialog.trainedModel());
        QVERIFY(dialog.trainedModel()->history.epochs.size() >= 2);
        QVERIFY(dialog.trainedModel()->history.epochs.size() < 200);
        QVERIFY(!dialog.trainedModel()->history.completed);
        QVERIFY(dialog.stateText().contains(QStringLiteral("Cancelled")));
        QVERIFY(!dialog.isTraining());
    }

    void modelsPanelSwitchesModels() {
        ModelsPanel panel;
        ModelSettings small;
        small.hidden = 3;
        small.embedding = 2;
        small.vocabularySize = 10;
        auto a = std::make_shared<const Model>(Model{LstmClassifier(small), {}, {}, {}, "a"});
        small.hidden = 5;
        auto b = std::make_shared<const Model>(Model{LstmClassifier(small), {}, {}, {}, "b"});
        QSignalSpy chosen(&panel, &ModelsPanel::modelChosen);
        panel.addModel(a, QStringLiteral("/data/a.flicker"));
        panel.addModel(b, {});
        QCOMPARE(chosen.size(), 0); // adding does not switch
        QCOMPARE(panel.table()->rowCount(), 2);
        QCOMPARE(panel.table()->item(0, 1)->text(), QStringLiteral("2 × 3"));
        QVERIFY(panel.table()->item(1, 0)->text().contains(QStringLiteral("unsaved")));
        panel.table()->setCurrentCell(0, 0); // the user clicks model a
        QCOMPARE(chosen.size(), 1);
        QCOMPARE(chosen.front().at(0).value<std::shared_ptr<const Model>>(), a);
        QCOMPARE(chosen.front().at(1).toString(), QStringLiteral("/data/a.flicker"));
        panel.setPath(b, QStringLiteral("/data/b.flicker"));
        QCOMPARE(panel.table()->item(1, 0)->text().contains(QStringLiteral("b.flicker")), true);
    }
};

QTEST_MAIN(TestTraining)
#include "tst_training.moc"
