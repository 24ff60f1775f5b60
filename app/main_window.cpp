// The main window: layout and wiring only (see main_window.h).
#include "main_window.h"

#include "flicker/version.h"
#include "noise_page.h"
#include "plot_view.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>

namespace flicker {
namespace {

const QString kGeometryKey = QStringLiteral("mainWindow/geometry");
const QString kStateKey = QStringLiteral("mainWindow/state");
const QString kPresentationKey = QStringLiteral("view/presentationMode");
const QString kExportFolderKey = QStringLiteral("export/lastFolder");

} // namespace

MainWindow::MainWindow(QWidget* parent) : QMainWindow(parent) {
    setWindowTitle(tr("Flicker — 1/f noise in neural networks"));

    m_pages = new QTabWidget;
    m_pages->setDocumentMode(true);
    m_noisePage = new NoisePage;
    m_pages->addTab(m_noisePage, m_noisePage->pageTitle());
    setCentralWidget(m_pages);
    buildMenus();
    statusBar();

    QSettings settings;
    if (!restoreGeometry(settings.value(kGeometryKey).toByteArray())) resize(1400, 900);
    restoreState(settings.value(kStateKey).toByteArray());
    setPresentationMode(settings.value(kPresentationKey, false).toBool());
}

void MainWindow::buildMenus() {
    QMenu* file = menuBar()->addMenu(tr("&File"));
    QAction* exportOne = file->addAction(tr("&Export figure…"), this, &MainWindow::exportFigure);
    exportOne->setShortcut(QKeySequence(tr("Ctrl+E")));
    file->addAction(tr("Export &all figures to folder…"), this, &MainWindow::exportAllFigures);
    file->addSeparator();
    QAction* quit = file->addAction(tr("&Quit"), this, &QWidget::close);
    quit->setShortcut(QKeySequence::Quit);

    QMenu* view = menuBar()->addMenu(tr("&View"));
    m_presentationAction = view->addAction(tr("&Presentation mode (large fonts)"));
    m_presentationAction->setCheckable(true);
    m_presentationAction->setShortcut(QKeySequence(tr("F5")));
    connect(m_presentationAction, &QAction::toggled, this, &MainWindow::applyPresentationMode);

    QMenu* help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&About Flicker"), this, &MainWindow::showAbout);
}

FigurePage* MainWindow::currentPage() const {
    return qobject_cast<FigurePage*>(m_pages->currentWidget());
}

bool MainWindow::presentationMode() const {
    return m_presentationAction->isChecked();
}

void MainWindow::setPresentationMode(bool on) {
    m_presentationAction->setChecked(on); // applied through toggled when it changes
}

void MainWindow::applyPresentationMode(bool on) {
    for (int i = 0; i < m_pages->count(); ++i) {
        if (auto* page = qobject_cast<FigurePage*>(m_pages->widget(i)))
            page->setPresentationMode(on);
    }
}

QImage MainWindow::grabScreenshot() {
    for (int i = 0; i < m_pages->count(); ++i) {
        if (auto* page = qobject_cast<FigurePage*>(m_pages->widget(i))) {
            for (PlotView* figure : page->figures())
                figure->replotNow();
        }
    }
    return grab().toImage();
}

void MainWindow::exportFigure() {
    FigurePage* page = currentPage();
    if (!page || page->figures().isEmpty()) return;
    const QList<PlotView*> figures = page->figures();
    PlotView* figure = figures.front();
    if (figures.size() > 1) {
        QStringList names;
        for (PlotView* f : figures)
            names << (f->title().isEmpty() ? f->figureName() : f->title());
        bool ok = false;
        const QString chosen =
            QInputDialog::getItem(this, tr("Export figure"), tr("Figure:"), names, 0, false, &ok);
        if (!ok) return;
        figure = figures.at(names.indexOf(chosen));
    }

    QSettings settings;
    const QString folder = settings.value(kExportFolderKey, QDir::homePath()).toString();
    const QString png = tr("PNG image (*.png)"), svg = tr("SVG drawing (*.svg)"),
                  pdf = tr("PDF document (*.pdf)");
    QString filter = png;
    QString path = QFileDialog::getSaveFileName(
        this, tr("Export figure"), QDir(folder).filePath(figure->figureName() + ".png"),
        QStringList{png, svg, pdf}.join(";;"), &filter);
    if (path.isEmpty()) return;
    if (QFileInfo(path).suffix().isEmpty())
        path += filter == svg ? ".svg" : filter == pdf ? ".pdf" : ".png";
    QString error;
    if (!figure->exportTo(path, &error)) {
        QMessageBox::warning(this, tr("Export failed"), error);
        return;
    }
    settings.setValue(kExportFolderKey, QFileInfo(path).absolutePath());
    statusBar()->showMessage(tr("Wrote %1").arg(QDir::toNativeSeparators(path)), 5000);
}

void MainWindow::exportAllFigures() {
    FigurePage* page = currentPage();
    if (!page) return;
    QSettings settings;
    const QString folder = QFileDialog::getExistingDirectory(
        this, tr("Export all figures to folder"),
        settings.value(kExportFolderKey, QDir::homePath()).toString());
    if (folder.isEmpty()) return;
    QString error;
    QStringList written;
    if (!page->exportAll(folder, &error, &written)) {
        QMessageBox::warning(this, tr("Export failed"), error);
        return;
    }
    settings.setValue(kExportFolderKey, folder);
    statusBar()->showMessage(
        tr("Wrote %1 files to %2").arg(written.size()).arg(QDir::toNativeSeparators(folder)), 5000);
}

void MainWindow::showAbout() {
    QMessageBox::about(
        this, tr("About Flicker"),
        tr("<h3>%1 %2</h3><p>Finds 1/f (pink) noise inside neural networks.</p>"
           "<p>Reproduces Chong &amp; Feng, “Self-Organization Towards 1/f Noise in Deep Neural "
           "Networks” (Chaos 34, 081101, 2024): detrended fluctuation analysis (unbiased DFA, "
           "Yuan et al. 2018) of LSTM activations, cross-checked with the power spectrum.</p>"
           "<p>Built with Qt %3 and QCustomPlot.</p>")
            .arg(kProgramName, kVersion, QString::fromLatin1(qVersion())));
}

void MainWindow::closeEvent(QCloseEvent* event) {
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState());
    settings.setValue(kPresentationKey, presentationMode());
    QMainWindow::closeEvent(event);
}

} // namespace flicker
