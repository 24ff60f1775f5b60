// Two studies side by side (see study_compare.h).
#include "study_compare.h"

#include "histogram_plot.h"
#include "plot_style.h"

#include <QComboBox>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableWidget>
#include <QVBoxLayout>

#include <cmath>

namespace flicker {
namespace {

QString rowName(const std::string& key) {
    if (key == "internal") return QObject::tr("internal");
    if (key == "external") return QObject::tr("external");
    return QString::fromStdString(key);
}

QTableWidgetItem* summaryItem(const Summary& s) {
    auto* item = new QTableWidgetItem(
        s.count == 0 ? QObject::tr("—")
                     : QStringLiteral("%1 ± %2").arg(style::formatNumber(s.mean, 3),
                                                     style::formatNumber(s.sd, 3)));
    item->setToolTip(s.count == 0 ? QObject::tr("not measured in this study")
                                  : QObject::tr("mean ± SD of β over %1 reviews").arg(s.count));
    item->setData(Qt::UserRole, s.count == 0 ? QVariant() : QVariant(s.mean));
    item->setData(Qt::UserRole + 1, s.count == 0 ? QVariant() : QVariant(s.sd));
    return item;
}

} // namespace

QString studyLabel(const QString& model, int hidden, double accuracy, const QString& dataset) {
    QString text = model.isEmpty() ? QObject::tr("a model") : model;
    if (hidden > 0) text += QObject::tr(" (H = %1)").arg(hidden);
    if (!dataset.isEmpty()) text += QStringLiteral(" · ") + dataset;
    if (std::isfinite(accuracy))
        text += QObject::tr(" · %1 % accuracy").arg(100.0 * accuracy, 0, 'f', 1);
    return text;
}

QString studyLabel(const Provenance& p) {
    const QString model = !p.modelPath.empty()
                              ? QFileInfo(QString::fromStdString(p.modelPath)).fileName()
                              : QString::fromStdString(p.modelOrigin);
    return studyLabel(model, p.modelHidden, p.modelTestAccuracy,
                      QString::fromStdString(p.datasetName));
}

StudyComparison::StudyComparison(QWidget* parent) : QWidget(parent) {
    m_histogram = new HistogramPlot;
    m_histogram->setFigureName(QStringLiteral("study-comparison"));
    m_histogram->setTitle(tr("β per review, two studies"));
    m_row = new QComboBox;
    for (const std::string& key : kComparedRows)
        m_row->addItem(rowName(key), QString::fromStdString(key));
    m_row->setCurrentIndex(m_row->findData(QStringLiteral("h")));
    m_row->setToolTip(tr("The activation kind (or group) whose per-review β is overlaid"));

    m_table = new QTableWidget(0, ColumnCount);
    m_table->setHorizontalHeaderLabels(
        {tr("β of"), tr("this study"), tr("compared with"), tr("difference")});
    m_table->horizontalHeaderItem(This)->setForeground(kThisColor.darker(130));
    m_table->horizontalHeaderItem(Other)->setForeground(kOtherColor.darker(150));
    m_table->horizontalHeaderItem(Difference)
        ->setToolTip(tr("Mean β of this study minus that of the compared one, ± the half-width "
                        "of its 95 % confidence interval, 1.96·√(SD₁²/n₁ + SD₂²/n₂) (the two "
                        "sets of reviews taken as independent; with the same reviews on both "
                        "sides, as for the untrained twin, the paired interval is narrower)"));
    m_table->verticalHeader()->hide();
    m_table->verticalHeader()->setDefaultSectionSize(m_table->fontMetrics().height() + 6);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_note = new QLabel;
    m_note->setWordWrap(true);
    m_note->setTextFormat(Qt::RichText);

    auto* rowLine = new QHBoxLayout;
    rowLine->addWidget(new QLabel(tr("Histogram of:")));
    rowLine->addWidget(m_row);
    rowLine->addStretch(1);
    auto* left = new QWidget;
    auto* leftLayout = new QVBoxLayout(left);
    leftLayout->setContentsMargins(0, 0, 0, 0);
    leftLayout->addLayout(rowLine);
    leftLayout->addWidget(m_histogram, 1);
    auto* right = new QWidget;
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->setContentsMargins(0, 0, 0, 0);
    rightLayout->addWidget(m_note);
    rightLayout->addWidget(m_table, 1);
    auto* split = new QSplitter(Qt::Horizontal);
    split->addWidget(left);
    split->addWidget(right);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    split->setSizes({560, 440});
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);

    connect(m_row, &QComboBox::currentIndexChanged, this, [this] { refresh(); });
    clear();
}

std::string StudyComparison::histogramRow() const {
    return m_row->currentData().toString().toStdString();
}

void StudyComparison::setHistogramRow(const std::string& key) {
    const int index = m_row->findData(QString::fromStdString(key));
    if (index >= 0) m_row->setCurrentIndex(index);
}

void StudyComparison::setStudies(const ComparedStudy& a, const ComparedStudy& b) {
    m_a = a;
    m_b = b;
    refresh();
}

void StudyComparison::clear() {
    m_a = m_b = ComparedStudy{};
    refresh();
}

QString StudyComparison::note() const {
    return m_note->text();
}

void StudyComparison::refresh() {
    m_table->setRowCount(0);
    if (!m_a.result || !m_b.result) {
        m_histogram->clear();
        m_histogram->setSubtitle(tr("Choose a study to compare with (“Compare with” at the left)"));
        m_note->setText(tr("Compare this study with a study folder saved by Flicker "
                           "(<i>flicker-cli study --out DIR</i>), an earlier study of this "
                           "session, or this study's untrained twin."));
        return;
    }
    const std::string key = histogramRow();
    // The model on the first line of its legend entry, the data set and accuracy on the second
    // with β: a long name never runs out of the figure.
    auto legend = [](QString label) {
        const int cut = label.indexOf(QStringLiteral(" · "));
        if (cut >= 0) label.replace(cut, 3, QStringLiteral("\n"));
        return label;
    };
    m_histogram->setGroups(
        {{legend(m_a.label), kThisColor, reviewBetas(*m_a.result, key + m_a.suffix)},
         {legend(m_b.label), kOtherColor, reviewBetas(*m_b.result, key + m_b.suffix)}});
    m_histogram->setTitle(tr("β of %1 per review, two studies").arg(rowName(key)));

    for (const ComparisonRow& row :
         compareStudies(*m_a.result, *m_b.result, m_a.suffix, m_b.suffix)) {
        const int r = m_table->rowCount();
        m_table->insertRow(r);
        auto* name = new QTableWidgetItem(rowName(row.key));
        if (row.key == "internal") name->setToolTip(tr("the gates i f g o, pooled"));
        if (row.key == "external") name->setToolTip(tr("c and h, pooled"));
        m_table->setItem(r, Row, name);
        m_table->setItem(r, This, summaryItem(row.a));
        m_table->setItem(r, Other, summaryItem(row.b));
        auto* diff = new QTableWidgetItem(
            std::isnan(row.difference)
                ? tr("—")
                : QStringLiteral("%1%2%3").arg(
                      row.difference > 0 ? QStringLiteral("+") : QString(),
                      style::formatNumber(row.difference, 3),
                      std::isnan(row.differenceCi)
                          ? QString()
                          : QStringLiteral(" ± %1").arg(style::formatNumber(row.differenceCi, 3))));
        diff->setData(Qt::UserRole,
                      std::isnan(row.difference) ? QVariant() : QVariant(row.difference));
        m_table->setItem(r, Difference, diff);
    }

    auto swatch = [](const QColor& c) {
        return QStringLiteral("<span style='color:%1'>■</span>").arg(c.name());
    };
    QString note = tr("%1 <b>This study</b>: %2, %3 reviews.<br>%4 <b>Compared with</b>: %5, %6 "
                      "reviews.<br>Difference: this study's mean β minus the other's.")
                       .arg(swatch(kThisColor), m_a.label.toHtmlEscaped())
                       .arg(m_a.result->reviews.size())
                       .arg(swatch(kOtherColor), m_b.label.toHtmlEscaped())
                       .arg(m_b.result->reviews.size());
    const std::vector<std::string> differences =
        studySettingsDifferences(m_b.result->settings, m_a.result->settings);
    if (!differences.empty()) {
        QStringList items;
        for (const std::string& d : differences)
            items << QString::fromStdString(d).toHtmlEscaped();
        note += tr("<br>The studies were run differently (there = compared, here = this "
                   "study): %1.")
                    .arg(items.join(QStringLiteral("; ")));
    }
    m_note->setText(note);
}

} // namespace flicker
