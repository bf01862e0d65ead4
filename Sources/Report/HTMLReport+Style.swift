extension HTMLReport {
    /// The page's style: system fonts only, outcome colours that keep a mark for black and white, a print layout.
    static let style = """
        :root{--fg:#111;--muted:#555;--line:#ccc;--ac:#1b7837;--fa:#b2182b;--cu:#92c5de;--ne:#e0e0e0;--er:#542788}
        *{box-sizing:border-box}
        body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;color:var(--fg);background:#fff;margin:0 auto;max-width:1200px;padding:16px 24px}
        h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;border-bottom:2px solid var(--fg);padding-bottom:2px;margin:28px 0 10px}
        h3{font-size:16px;margin:18px 0 4px}h5{font-size:13px;margin:10px 0 4px}h6{font-size:13px;margin:8px 0 2px}
        #provenance,#summary,#tasks,.figure{overflow-x:auto}
        .lede,.hint{color:var(--muted)}code,pre{font:12px/1.35 ui-monospace,"DejaVu Sans Mono",monospace}
        pre{white-space:pre-wrap;word-break:break-word;margin:2px 0;background:#f6f6f6;border:1px solid #e2e2e2;padding:4px 6px}
        table{border-collapse:collapse;margin:6px 0}th,td{border:1px solid var(--line);padding:2px 6px;text-align:left;vertical-align:top}
        thead th{background:#f0f0f0}table.provenance td,table.summary td{font-variant-numeric:tabular-nums}
        table.provenance{max-width:100%}table.provenance td.shared{text-align:center;color:#333}table.provenance td{overflow-wrap:anywhere}table.provenance code{word-break:break-all}
        table.chart-data{font-size:12px;font-variant-numeric:tabular-nums}
        .figure{margin:12px 0 24px;break-inside:avoid}figcaption{color:var(--muted);max-width:900px;margin:4px 0}
        svg.chart{width:100%;max-width:720px;height:auto;font:11px system-ui,"DejaVu Sans",sans-serif}
        svg .grid{stroke:#ddd;stroke-width:1}svg .axis{stroke:#000;stroke-width:1}svg .label{font-weight:600}
        .panels{display:flex;flex-wrap:wrap;gap:8px}.panels svg.chart{width:480px}
        .controls{margin:6px 0}.controls label{margin-right:12px}
        ul.legend{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:14px;margin:6px 0}
        #task-grid td.o{text-align:center;min-width:70px}#task-grid a{color:inherit;text-decoration:none}
        #task-grid tr.selected th{outline:2px solid #000}#task-grid tr[hidden]{display:none}
        .o{display:inline-block;padding:0 4px;font-weight:700;-webkit-print-color-adjust:exact;print-color-adjust:exact}
        td.o{display:table-cell}
        .o-aligned-correct{background:var(--ac);color:#fff}
        .o-false-alignment{background:var(--fa) repeating-linear-gradient(45deg,transparent 0 4px,rgba(255,255,255,.35) 4px 7px);color:#fff}
        .o-correct-unaligned{background:var(--cu);color:#000}.o-neither{background:var(--ne);color:#000}
        .o-error{background:var(--er);color:#fff}.o-missing{background:#fff;color:#999}
        article.run{border-left:4px solid #888;padding-left:10px;margin:12px 0}
        details{margin:6px 0}summary{cursor:pointer;font-weight:600}
        ol.tests,.failures ul{padding-left:22px}ol.tests li,.failures li{margin:3px 0}
        .t-fail .status,.t-error .status,.t-timeout .status,.load-error,.format-error{color:var(--fa);font-weight:600}
        .t-pass .status{color:var(--ac)}
        table.calls{font-size:12px}table.calls code{font-size:11px;word-break:break-all}
        @media print{body{max-width:none;padding:0;font-size:11px}.controls,.hint{display:none}a{color:inherit;text-decoration:none}
        h2{break-after:avoid}#task-grid{font-size:10px}#task-grid td.o{min-width:40px}article.run,tr{break-inside:avoid}
        pre{background:none}@page{size:A4;margin:12mm}}
        """
}
