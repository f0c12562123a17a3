package dev.enclave.semi.ui.internal;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.ScrolledComposite;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.PaletteData;
import org.eclipse.swt.layout.GridData;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;

import dev.enclave.core.AuditEntry;
import dev.enclave.core.EnclaveException;
import dev.enclave.core.Subject;
import dev.enclave.core.Workspace;
import dev.enclave.semi.WaferMap;
import dev.enclave.semi.WaferMapReader;
import dev.enclave.semi.WaferPatterns;
import dev.enclave.semi.WaferPrediction;
import dev.enclave.semi.internal.WaferRenderer;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * The Wafer Maps gallery: open a wafer map CSV (or text grid), see every map drawn with
 * its pattern, confidence and die yield, switch to failure-density pictures, and read
 * the file's yield and pattern counts. Classification is the pack's
 * {@link WaferPatterns} service; the part only presents it.
 */
public final class WaferMapsPart {
    private static final boolean ZH = Locale.getDefault().getLanguage().equals("zh");
    /** Maps drawn at most; the summary still covers the whole file. */
    static final int MAX_SHOWN = 120;
    private static final int PICTURE = 150;

    @Inject
    WaferPatterns patterns;

    @Inject
    @Optional
    Workspace workspace;

    @Inject
    @Optional
    Subject subject;

    private Composite gallery;
    private ScrolledComposite scroller;
    private Label message;
    private Label summary;
    private Button density;
    private final List<Image> images = new ArrayList<>();
    private final List<String> captions = new ArrayList<>();
    private List<WaferMap> maps = List.of();
    private List<WaferPrediction> predictions = List.of();

    @PostConstruct
    void create(Composite parent) {
        parent.setLayout(new GridLayout(3, false));
        Button open = new Button(parent, SWT.PUSH);
        open.setText(ZH ? "打开晶圆图…" : "Open Wafer Maps…");
        open.addListener(SWT.Selection, e -> {
            FileDialog dialog = new FileDialog(parent.getShell(), SWT.OPEN);
            dialog.setFilterExtensions(new String[] { "*.csv;*.txt", "*.*" });
            String file = dialog.open();
            if (file != null) {
                showFile(Path.of(file));
            }
        });
        density = new Button(parent, SWT.CHECK);
        density.setText(ZH ? "失效密度" : "Failure density");
        density.addListener(SWT.Selection, e -> redraw());
        message = new Label(parent, SWT.WRAP);
        message.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false));
        message.setText(ZH ? "打开晶圆图 CSV（id,label,rows,cols,data）或文本网格。"
                : "Open a wafer map CSV (id,label,rows,cols,data) or a text grid.");
        summary = new Label(parent, SWT.WRAP);
        summary.setLayoutData(new GridData(SWT.FILL, SWT.CENTER, true, false, 3, 1));
        scroller = new ScrolledComposite(parent, SWT.V_SCROLL | SWT.BORDER);
        scroller.setLayoutData(new GridData(SWT.FILL, SWT.FILL, true, true, 3, 1));
        scroller.setExpandHorizontal(true);
        gallery = new Composite(scroller, SWT.NONE);
        gallery.setLayout(new GridLayout(4, true));
        scroller.setContent(gallery);
        scroller.addListener(SWT.Resize, e -> layoutGallery());
    }

    /** Reads, classifies and shows a file; errors are shown in the part, naming the file and line. */
    public void showFile(Path file) {
        try {
            List<WaferMap> read = file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv")
                    ? WaferMapReader.readCsv(file)
                    : List.of(WaferMapReader.readGrid(file));
            show(read, file.getFileName().toString());
            if (workspace != null && subject != null) {
                workspace.auditLog().append(subject.name(), "wafer.classify", file.toString(), AuditEntry.SUCCESS,
                        read.size() + " maps");
            }
        } catch (EnclaveException e) {
            message.setText(e.getMessage());
        }
    }

    /** Classifies and shows maps. */
    public void show(List<WaferMap> maps, String source) {
        this.maps = List.copyOf(maps);
        this.predictions = patterns.shipped().classify(this.maps);
        long dies = 0, good = 0;
        Map<String, Integer> counts = new TreeMap<>();
        for (int i = 0; i < maps.size(); i++) {
            dies += maps.get(i).dies();
            good += maps.get(i).dies() - maps.get(i).fails();
            counts.merge(predictions.get(i).label(), 1, Integer::sum);
        }
        message.setText(String.format(ZH ? "%s：%d 张晶圆图%s" : "%s: %d maps%s", source, maps.size(),
                maps.size() > MAX_SHOWN ? String.format(ZH ? "（显示前 %d 张）" : " (showing the first %d)", MAX_SHOWN) : ""));
        StringBuilder sb = new StringBuilder(String.format(ZH ? "芯片良率 %.2f%%；模式：" : "Die yield %.2f%%; patterns: ",
                dies == 0 ? 0 : 100.0 * good / dies));
        counts.forEach((k, v) -> sb.append(k).append(' ').append(v).append("  "));
        summary.setText(sb.toString().strip());
        redraw();
    }

    private void redraw() {
        for (Control c : gallery.getChildren()) {
            c.dispose();
        }
        images.forEach(Image::dispose);
        images.clear();
        captions.clear();
        boolean heat = density.getSelection();
        for (int i = 0; i < Math.min(MAX_SHOWN, maps.size()); i++) {
            WaferMap m = maps.get(i);
            WaferPrediction p = predictions.get(i);
            Composite cell = new Composite(gallery, SWT.NONE);
            cell.setLayout(new GridLayout(1, false));
            cell.setLayoutData(new GridData(SWT.CENTER, SWT.TOP, true, false));
            Label picture = new Label(cell, SWT.NONE);
            Image image = new Image(gallery.getDisplay(),
                    toImageData(heat ? WaferRenderer.density(m, PICTURE) : WaferRenderer.map(m, PICTURE)));
            images.add(image);
            picture.setImage(image);
            picture.setLayoutData(new GridData(SWT.CENTER, SWT.CENTER, false, false));
            String caption = String.format("%s\n%s %.2f · %s %.1f%%", m.id(), p.label(), p.confidence(),
                    ZH ? "良率" : "yield", 100 * m.yield());
            captions.add(caption);
            Label text = new Label(cell, SWT.CENTER | SWT.WRAP);
            text.setText(caption);
            text.setLayoutData(new GridData(SWT.CENTER, SWT.TOP, false, false));
            if (m.label() != null && !m.label().equals(p.label())) {
                text.setToolTipText((ZH ? "标注为 " : "labelled ") + m.label());
            }
        }
        layoutGallery();
    }

    private void layoutGallery() {
        int width = Math.max(200, scroller.getClientArea().width);
        gallery.setSize(gallery.computeSize(width, SWT.DEFAULT));
        gallery.layout(true, true);
    }

    /** An SWT image of an AWT picture, keeping its transparency. */
    static ImageData toImageData(BufferedImage img) {
        ImageData data = new ImageData(img.getWidth(), img.getHeight(), 24, new PaletteData(0xFF0000, 0x00FF00, 0x0000FF));
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                int argb = img.getRGB(x, y);
                data.setPixel(x, y, argb & 0xFFFFFF);
                data.setAlpha(x, y, argb >>> 24);
            }
        }
        return data;
    }

    /** The captions of the maps drawn, for tests. */
    public List<String> captions() {
        return List.copyOf(captions);
    }

    /** The summary line, for tests. */
    public String summaryText() {
        return summary.getText();
    }

    /** The message line, for tests. */
    public String messageText() {
        return message.getText();
    }

    /** Switches between die maps and failure density, for tests. */
    public void setDensity(boolean on) {
        density.setSelection(on);
        redraw();
    }

    /** The pictures drawn, for tests. */
    public List<Image> images() {
        return List.copyOf(images);
    }

    @Focus
    void focus() {
        scroller.setFocus();
    }

    @PreDestroy
    void dispose() {
        images.forEach(Image::dispose);
        images.clear();
    }
}
