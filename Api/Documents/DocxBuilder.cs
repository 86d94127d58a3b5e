using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Mediation.Api.Documents;

/// <summary>
/// One Word document laid out as GB/T 9704 asks of official documents: A4, margins 37/35/28/26 mm, 22 lines of 28
/// characters, title 二号 小标宋, body 三号 仿宋, page numbers "— 1 —" at the foot. The fonts are named with fallbacks in the
/// font table (仿宋_GB2312 → 仿宋 → FangSong, 方正小标宋简体 → 宋体 → SimSun) so that Word or WPS without the GB2312 fonts
/// still lays the text out. Every builder of a kind writes through these few helpers; no XML is written by hand.
/// </summary>
public sealed class DocxBuilder
{
    public const string ContentType = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    private const string BodyFont = "仿宋_GB2312";
    private const string TitleFont = "方正小标宋简体";
    private const string HeadingFont = "黑体";
    private const string LatinFont = "Times New Roman";

    // Half-points: 二号 22 pt, 三号 16 pt, 四号 14 pt.
    private const string TitleSize = "44";
    private const string BodySize = "32";
    private const string SmallSize = "28";

    // 225 mm of type area / 22 lines. The 28 characters a line follow from 156 mm of width and 三号: a character grid
    // (linesAndChars) is laid out differently by WPS, Word and LibreOffice, so only the line grid is set.
    private const int LinePitch = 579;

    // Two characters of 三号 (16 pt), for the first-line indent of body text.
    private const int TwoChars = 640;

    private readonly Body body = new();
    private int bookmarks;
    private bool hasPageReferences;

    /// <summary>Where the next part of a bound volume begins; see <see cref="BookmarkFrom"/>.</summary>
    public int Mark() => body.ChildElements.Count;

    /// <summary>Bookmarks the first paragraph written after <paramref name="mark"/> (a document's title in a bound
    /// volume), so that the contents can refer to the page it lands on.</summary>
    public DocxBuilder BookmarkFrom(int mark, string name)
    {
        var first = body.ChildElements.Skip(mark).OfType<Paragraph>().First(p => p.Elements<Run>().Any());
        var id = (++bookmarks).ToString();
        first.InsertAfter(new BookmarkStart { Id = id, Name = name }, first.ParagraphProperties);
        first.Append(new BookmarkEnd { Id = id });
        return this;
    }

    /// <summary>A contents table (卷内目录) whose last column is the page each entry starts on: a PAGEREF field to its
    /// bookmark, which Word, WPS and LibreOffice work out when they lay the volume out (the document asks them to update
    /// its fields on opening, so the numbers are those of the printed pages).</summary>
    public DocxBuilder Contents(IEnumerable<(string Number, string Name, string Bookmark)> rows)
    {
        hasPageReferences = true;
        int[] widths = [600, 3600, 800];
        Grid(widths, ["序号", "文书名称", "页号"], []);
        var table = body.Elements<Table>().Last();
        foreach (var (number, name, bookmark) in rows)
        {
            var row = Row(widths, [number, name, ""], bold: false, isHeader: false, centreLabels: true);
            var pageCell = row.Elements<TableCell>().Last().Elements<Paragraph>().First();
            pageCell.RemoveAllChildren<Run>();
            pageCell.Append(
                new SimpleField(TextRun("", BodyFont, SmallSize)) { Instruction = $" PAGEREF {bookmark} \\h " }
            );
            table.Append(row);
        }
        return this;
    }

    public DocxBuilder Title(string text)
    {
        body.Append(
            new Paragraph(
                new ParagraphProperties(
                    new KeepNext(),
                    new SpacingBetweenLines
                    {
                        After = "0",
                        Line = "700",
                        LineRule = LineSpacingRuleValues.Exact,
                    },
                    new Justification { Val = JustificationValues.Center }
                ),
                TextRun(text, TitleFont, TitleSize, bold: false)
            )
        );
        return this;
    }

    /// <summary>The document's number under the title (编号 or 案号), set right as the forms do.</summary>
    public DocxBuilder Number(string text) => Line(text, JustificationValues.Right);

    /// <summary>A first-level heading (黑体 三号), kept with the paragraph after it.</summary>
    public DocxBuilder Heading(string text)
    {
        body.Append(
            new Paragraph(new ParagraphProperties(new KeepNext()), TextRun(text, HeadingFont, BodySize, bold: false))
        );
        return this;
    }

    /// <summary>Body text, each line its own paragraph indented by two characters. <paramref name="ragged"/> sets
    /// it left-aligned: a party's particulars, whose 18-digit ID number cannot break and would otherwise spread the
    /// line above it character by character.</summary>
    public DocxBuilder Text(string? text, bool ragged = false)
    {
        foreach (var line in (text ?? "").Replace("\r\n", "\n").Split('\n'))
        {
            var properties = new ParagraphProperties(
                new Indentation { FirstLine = TwoChars.ToString(), FirstLineChars = 200 }
            );
            if (ragged)
                properties.Justification = new Justification { Val = JustificationValues.Left };
            body.Append(new Paragraph(properties, TextRun(line.Trim(), BodyFont, BodySize)));
        }
        return this;
    }

    /// <summary>A line without indentation (an addressee, a closing, a signature line).</summary>
    public DocxBuilder Line(
        string text,
        JustificationValues? align = null,
        bool keepWithNext = false,
        int? indentChars = null
    )
    {
        var properties = new ParagraphProperties();
        if (keepWithNext)
            properties.KeepNext = new KeepNext();
        properties.KeepLines = new KeepLines();
        if (indentChars is { } chars)
            properties.Indentation = new Indentation { LeftChars = chars * 100 };
        if (align is { } a)
            properties.Justification = new Justification { Val = a };
        body.Append(new Paragraph(properties, TextRun(text, BodyFont, BodySize)));
        return this;
    }

    /// <summary>A two-column table of labelled values (the registration forms), in 四号 so that labels fit.</summary>
    public DocxBuilder Fields(IEnumerable<(string Label, string? Value)> rows) =>
        Grid([1400, 3600], null, rows.Select(r => new[] { r.Label, r.Value ?? "" }));

    /// <summary>A table with a header row; widths are fiftieths of a percent of the text width (5000 in all).</summary>
    public DocxBuilder Grid(int[] widths, string[]? header, IEnumerable<string[]> rows)
    {
        var table = new Table(
            new TableProperties(
                new TableWidth { Width = "5000", Type = TableWidthUnitValues.Pct },
                new TableBorders(
                    new TopBorder { Val = BorderValues.Single, Size = 4 },
                    new LeftBorder { Val = BorderValues.Single, Size = 4 },
                    new BottomBorder { Val = BorderValues.Single, Size = 4 },
                    new RightBorder { Val = BorderValues.Single, Size = 4 },
                    new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 },
                    new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 }
                ),
                new TableLayout { Type = TableLayoutValues.Fixed }
            ),
            new TableGrid(widths.Select(w => new GridColumn { Width = (w * 8844 / 5000).ToString() }))
        );
        if (header is not null)
            table.Append(Row(widths, header, bold: true, isHeader: true, centreLabels: false));
        foreach (var row in rows)
            table.Append(Row(widths, row, bold: false, isHeader: false, centreLabels: header is null));
        body.Append(table);
        body.Append(new Paragraph(TextRun("", BodyFont, SmallSize)));
        return this;
    }

    /// <summary>Lines that must stay on one page (a signature block with its date): a blank line above for the hand,
    /// each line kept with the next.</summary>
    public DocxBuilder Block(params string[] lines)
    {
        Line("", keepWithNext: true);
        for (var i = 0; i < lines.Length; i++)
            Line(lines[i], JustificationValues.Left, keepWithNext: i < lines.Length - 1, indentChars: 2);
        return this;
    }

    /// <summary>A line left-aligned without justification: a long unbroken value (a hash) must not be spread
    /// out.</summary>
    public DocxBuilder Plain(string text) => Line(text, JustificationValues.Left);

    /// <summary>The closing of a notice: the issuing body and the date, set right, kept together.</summary>
    public DocxBuilder Signed(string issuer, string date)
    {
        Line("", keepWithNext: true);
        Line(issuer + "（印章）", JustificationValues.Right, keepWithNext: true);
        return Line(date, JustificationValues.Right);
    }

    public DocxBuilder PageBreak()
    {
        body.Append(new Paragraph(new Run(new Break { Type = BreakValues.Page })));
        return this;
    }

    public byte[] ToBytes()
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = document.AddMainDocumentPart();
            AddStyles(main);
            AddFonts(main);
            var footer = main.AddNewPart<FooterPart>();
            footer.Footer = PageNumberFooter();
            body.Append(Section(main.GetIdOfPart(footer)));
            if (hasPageReferences)
                main.AddNewPart<DocumentSettingsPart>().Settings = new Settings(new UpdateFieldsOnOpen { Val = true });
            main.Document = new Document(body);
        }
        return stream.ToArray();
    }

    private static TableRow Row(int[] widths, string[] cells, bool bold, bool isHeader, bool centreLabels)
    {
        var row = new TableRow();
        var properties = new TableRowProperties(new CantSplit());
        if (isHeader)
            properties.Append(new TableHeader());
        row.Append(properties);
        for (var i = 0; i < widths.Length; i++)
        {
            var cell = new TableCell(
                new TableCellProperties(
                    new TableCellWidth { Width = widths[i].ToString(), Type = TableWidthUnitValues.Pct }
                )
            );
            var text = i < cells.Length ? cells[i] : "";
            foreach (var line in text.Replace("\r\n", "\n").Split('\n'))
                cell.Append(
                    new Paragraph(
                        new ParagraphProperties(
                            new SpacingBetweenLines { Line = "400", LineRule = LineSpacingRuleValues.Exact },
                            new Justification
                            {
                                Val = i == 0 && centreLabels ? JustificationValues.Center : JustificationValues.Left,
                            }
                        ),
                        TextRun(line, BodyFont, SmallSize, bold)
                    )
                );
            row.Append(cell);
        }
        return row;
    }

    private static Run TextRun(string text, string eastAsia, string size, bool bold = false)
    {
        var properties = new RunProperties(
            new RunFonts
            {
                Ascii = LatinFont,
                HighAnsi = LatinFont,
                EastAsia = eastAsia,
                ComplexScript = LatinFont,
            }
        );
        if (bold)
        {
            properties.Append(new Bold());
            properties.Append(new BoldComplexScript());
        }
        properties.Append(new FontSize { Val = size });
        properties.Append(new FontSizeComplexScript { Val = size });
        return new Run(properties, new Text(text) { Space = SpaceProcessingModeValues.Preserve });
    }

    private static SectionProperties Section(string footerId) =>
        new(
            new FooterReference { Type = HeaderFooterValues.Default, Id = footerId },
            new PageSize { Width = 11906, Height = 16838 },
            new PageMargin
            {
                Top = 2098,
                Bottom = 1984,
                Left = 1588,
                Right = 1474,
                Header = 851,
                Footer = 992,
                Gutter = 0,
            },
            new DocGrid { Type = DocGridValues.Lines, LinePitch = LinePitch }
        );

    private static Footer PageNumberFooter() =>
        new(
            new Paragraph(
                new ParagraphProperties(new Justification { Val = JustificationValues.Center }),
                TextRun("— ", "宋体", SmallSize),
                new SimpleField(TextRun("1", "宋体", SmallSize)) { Instruction = " PAGE " },
                TextRun(" —", "宋体", SmallSize)
            )
        );

    private static void AddStyles(MainDocumentPart main)
    {
        var styles = main.AddNewPart<StyleDefinitionsPart>();
        styles.Styles = new Styles(
            new DocDefaults(
                new RunPropertiesDefault(
                    new RunPropertiesBaseStyle(
                        new RunFonts
                        {
                            Ascii = LatinFont,
                            HighAnsi = LatinFont,
                            EastAsia = BodyFont,
                            ComplexScript = LatinFont,
                        },
                        new FontSize { Val = BodySize },
                        new FontSizeComplexScript { Val = BodySize },
                        new Languages
                        {
                            Val = "en-US",
                            EastAsia = "zh-CN",
                            Bidi = "ar-SA",
                        }
                    )
                ),
                new ParagraphPropertiesDefault(
                    new ParagraphPropertiesBaseStyle(
                        new SpacingBetweenLines
                        {
                            Before = "0",
                            After = "0",
                            Line = LinePitch.ToString(),
                            LineRule = LineSpacingRuleValues.Exact,
                        },
                        new Justification { Val = JustificationValues.Both }
                    )
                )
            ),
            new Style(new StyleName { Val = "Normal" }, new PrimaryStyle())
            {
                Type = StyleValues.Paragraph,
                StyleId = "Normal",
                Default = true,
            }
        );
    }

    /// <summary>The fonts with their alternate names: Word and WPS look the alternate up when the first is not
    /// installed.</summary>
    private static void AddFonts(MainDocumentPart main)
    {
        var part = main.AddNewPart<FontTablePart>();
        part.Fonts = new Fonts(
            Font(BodyFont, "仿宋", FontFamilyValues.Modern),
            Font("仿宋", "FangSong", FontFamilyValues.Modern),
            Font(TitleFont, "宋体", FontFamilyValues.Roman),
            Font("宋体", "SimSun", FontFamilyValues.Auto),
            Font(HeadingFont, "SimHei", FontFamilyValues.Modern),
            Font(LatinFont, null, FontFamilyValues.Roman)
        );
    }

    private static Font Font(string name, string? alternate, FontFamilyValues family)
    {
        var font = new Font { Name = name };
        if (alternate is not null)
            font.Append(new AltName { Val = alternate });
        font.Append(new FontCharSet { Val = alternate is null ? "00" : "86" });
        font.Append(new FontFamily { Val = family });
        font.Append(new Pitch { Val = FontPitchValues.Variable });
        return font;
    }
}
