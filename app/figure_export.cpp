// The one export flow of the figures (see figure_export.h).
#include "figure_export.h"

#include "figure_page.h"
#include "plot_view.h"

#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QInputDialog>
#include <QLabel>
#include <QMessageBox>
#include <QSettings>
#include <QSpinBox>

#include <algorithm>
#include <cmath>

namespace flicker {
namespace {

const QString kExportFolderKey = QStringLiteral("export/lastFolder");
constexpr int kPngDpis[] = {96, 150, 192, 300, 600}; // the resolutions offered
constexpr int kPngDefaultDpiIndex = 2;               // 192 dpi, when the figure's is not offered
constexpr int kPngMinSide = 100, kPngMaxSide = 8000; // layout pixels
constexpr double kCmPerInch = 2.54;

QString lastFolder() {
    return QSettings().value(kExportFolderKey, QDir::homePath()).toString();
}

void rememberFolder(const QString& folder) {
    QSettings().setValue(kExportFolderKey, folder);
}

// Asks for the size (layout pixels) and resolution of a PNG export, starting from the figure's
// exportSize() and exportDpi(); sets them and returns true when accepted.
bool askPngOptions(PlotView* figure, QWidget* parent) {
    QDialog dialog(parent);
    dialog.setWindowTitle(QObject::tr("PNG size and resolution"));
    auto* width = new QSpinBox;
    auto* height = new QSpinBox;
    for (QSpinBox* box : {width, height}) {
        box->setRange(kPngMinSide, kPngMaxSide);
        box->setSuffix(QObject::tr(" px"));
    }
    width->setValue(figure->exportSize().width());
    height->setValue(figure->exportSize().height());
    auto* dpi = new QComboBox;
    for (int value : kPngDpis)
        dpi->addItem(QObject::tr("%1 dpi").arg(value), value);
    const int current = dpi->findData(figure->exportDpi());
    dpi->setCurrentIndex(current >= 0 ? current : kPngDefaultDpiIndex);
    auto* result = new QLabel;
    auto update = [=] {
        const double scale = dpi->currentData().toInt() / PlotView::kLayoutDpi;
        result->setText(QObject::tr("%1 × %2 pixels; at %3 dpi the figure is %4 × %5 cm")
                            .arg(std::lround(width->value() * scale))
                            .arg(std::lround(height->value() * scale))
                            .arg(dpi->currentData().toInt())
                            .arg(width->value() / PlotView::kLayoutDpi * kCmPerInch, 0, 'f', 1)
                            .arg(height->value() / PlotView::kLayoutDpi * kCmPerInch, 0, 'f', 1));
    };
    QObject::connect(width, &QSpinBox::valueChanged, &dialog, update);
    QObject::connect(height, &QSpinBox::valueChanged, &dialog, update);
    QObject::connect(dpi, &QComboBox::currentIndexChanged, &dialog, update);
    update();
    auto* form = new QFormLayout(&dialog);
    form->addRow(QObject::tr("Width (at 96 dpi)"), width);
    form->addRow(QObject::tr("Height (at 96 dpi)"), height);
    form->addRow(QObject::tr("Resolution"), dpi);
    form->addRow(result);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel);
    QObject::connect(buttons, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    QObject::connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    form->addRow(buttons);
    if (dialog.exec() != QDialog::Accepted) return false;
    figure->setExportSize(QSize(width->value(), height->value()));
    figure->setExportDpi(dpi->currentData().toInt());
    return true;
}

} // namespace

void FigureExporter::connectFigure(PlotView* figure) {
    connect(figure, &PlotView::exportRequested, this,
            [this, figure](const QString& format) { exportFigure(figure, format); });
}

bool FigureExporter::exportFigure(PlotView* figure, const QString& format) {
    QWidget* parent = figure->window();
    const QStringList suffixes{QStringLiteral("png"), QStringLiteral("svg"), QStringLiteral("pdf"),
                               QStringLiteral("csv")};
    const QStringList filters{tr("PNG image (*.png)"), tr("SVG drawing (*.svg)"),
                              tr("PDF document (*.pdf)"),
                              tr("The figure's numbers as CSV (*.csv)")};
    const auto proposed = std::max<qsizetype>(0, suffixes.indexOf(format.toLower()));
    QString filter = filters[proposed];
    QString path = QFileDialog::getSaveFileName(
        parent, tr("Export figure"),
        QDir(lastFolder()).filePath(figure->figureName() + "." + suffixes[proposed]),
        filters.join(QStringLiteral(";;")), &filter);
    if (path.isEmpty()) return false;
    if (QFileInfo(path).suffix().isEmpty())
        path += "." + suffixes[std::max<qsizetype>(0, filters.indexOf(filter))];
    if (QFileInfo(path).suffix().compare(QLatin1String("png"), Qt::CaseInsensitive) == 0 &&
        !askPngOptions(figure, parent))
        return false;
    QString error;
    if (!figure->exportTo(path, &error)) {
        QMessageBox::warning(parent, tr("Export failed"), error);
        return false;
    }
    rememberFolder(QFileInfo(path).absolutePath());
    emit wrote(tr("Wrote %1").arg(QDir::toNativeSeparators(path)));
    return true;
}

bool FigureExporter::exportFromPage(const FigurePage& page) {
    const QList<PlotView*> figures = page.figures();
    if (figures.isEmpty()) return false;
    PlotView* figure = figures.front();
    if (figures.size() > 1) {
        QStringList names;
        for (PlotView* f : figures)
            names << (f->title().isEmpty() ? f->figureName() : f->title());
        bool ok = false;
        const QString chosen = QInputDialog::getItem(page.window(), tr("Export figure"),
                                                     tr("Figure:"), names, 0, false, &ok);
        if (!ok) return false;
        figure = figures.at(names.indexOf(chosen));
    }
    return exportFigure(figure);
}

bool FigureExporter::exportAll(const FigurePage& page) {
    QWidget* parent = page.window();
    const QString folder =
        QFileDialog::getExistingDirectory(parent, tr("Export all figures to folder"), lastFolder());
    if (folder.isEmpty()) return false;
    QString error;
    QStringList written;
    if (!page.exportAll(folder, &error, &written)) {
        QMessageBox::warning(parent, tr("Export failed"), error);
        return false;
    }
    rememberFolder(folder);
    emit wrote(
        tr("Wrote %1 files to %2").arg(written.size()).arg(QDir::toNativeSeparators(folder)));
    return true;
}

} // namespace flicker
