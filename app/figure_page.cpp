// Export and presentation mode shared by the pages with figures (see figure_page.h).
#include "figure_page.h"

#include <QScrollArea>
#include <QStyle>

#include "plot_view.h"

#include <QDir>
#include <QVBoxLayout>

namespace flicker {

QWidget* FigurePage::column(QWidget* top, QWidget* rest, int minimumWidth) {
    auto* box = new QWidget;
    auto* layout = new QVBoxLayout(box);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(top);
    layout->addWidget(rest, 1);
    if (minimumWidth > 0) box->setMinimumWidth(minimumWidth);
    return box;
}

QWidget* FigurePage::scrollable(QWidget* panel, int minimumWidth) {
    auto* area = new QScrollArea;
    area->setWidget(panel);
    area->setWidgetResizable(true);
    area->setFrameShape(QFrame::NoFrame);
    area->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    panel->setMinimumWidth(minimumWidth);
    area->setMinimumWidth(minimumWidth + area->style()->pixelMetric(QStyle::PM_ScrollBarExtent));
    return area;
}

void FigurePage::setPresentationMode(bool on) {
    for (PlotView* figure : figures())
        figure->setPresentationMode(on);
}

bool FigurePage::exportAll(const QString& folder, QString* error, QStringList* written) const {
    const QDir dir(folder);
    if (!dir.exists()) {
        if (error)
            *error = tr("Could not export the figures: the folder “%1” does not exist.")
                         .arg(QDir::toNativeSeparators(folder));
        return false;
    }
    for (PlotView* figure : figures()) {
        for (const QString& suffix : PlotView::supportedSuffixes()) {
            const QString path = dir.filePath(figure->figureName() + "." + suffix);
            if (!figure->exportTo(path, error)) return false;
            if (written) written->append(path);
        }
        // The numbers behind the figure, when it shows any yet.
        if (!figure->dataCsv().isEmpty()) {
            const QString path = dir.filePath(figure->figureName() + ".csv");
            if (!figure->exportCsv(path, error)) return false;
            if (written) written->append(path);
        }
    }
    return true;
}

} // namespace flicker
