/* sparktune study report: renders the plots of the JSON model in #report-data with ECharts
 * (bundled inline; no network). Writes a status line into #report-status for tests. */
(function () {
  'use strict';
  var errors = [];
  window.addEventListener('error', function (e) { errors.push(String(e.message || e)); });
  var D = JSON.parse(document.getElementById('report-data').textContent);
  var STATE_COLORS = { COMPLETE: '#4c78a8', PRUNED: '#f58518', FAIL: '#e45756',
    RUNNING: '#72b7b2', WAITING: '#bab0ac' };
  var PALETTE = ['#313695', '#4575b4', '#74add1', '#abd9e9', '#fee090', '#fdae61', '#f46d43',
    '#d73027', '#a50026'];
  var status = { charts: 0, rendered: 0, empty: [], errors: errors, points: {} };
  var better = D.direction === 'MINIMIZE' ? 'lower is better' : 'higher is better';

  // Tooltips are HTML: every string from the study (parameter names, choices, lanes with host
  // names, series names) goes through esc() before it reaches one.
  function esc(v) {
    return String(v).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;').replace(/'/g, '&#39;');
  }
  function fmt(v) {
    if (v === null || v === undefined) { return '–'; }
    if (typeof v !== 'number') { return String(v); }
    var a = Math.abs(v);
    return (a !== 0 && (a < 1e-3 || a >= 1e5)) ? v.toExponential(3) : String(+v.toPrecision(5));
  }
  function axis(a, pos) {
    var o = { name: a.name, nameLocation: 'middle', nameGap: pos === 'x' ? 28 : 48,
      scale: true, splitLine: { show: pos === 'y' } };
    if (a.scale === 'LOG') {
      o.type = 'log';
      o.logBase = 10;
    } else {
      o.type = 'value';
    }
    if (a.scale === 'CATEGORICAL') {
      o.min = -0.5;
      o.max = a.categories.length - 0.5;
      o.interval = 1;
      o.axisLabel = { formatter: function (v) {
        return Number.isInteger(v) && a.categories[v] !== undefined ? a.categories[v] : '';
      } };
    }
    return o;
  }
  function paramText(a, c) {
    return esc(a.scale === 'CATEGORICAL' ? a.categories[c] : fmt(c));
  }
  function valueAxis(name) {
    return { type: 'value', name: name, nameLocation: 'middle', nameGap: 48, scale: true };
  }
  var TOOLBOX = { right: 10, feature: { dataZoom: {}, restore: {}, saveAsImage: {} } };
  var ZOOM = [{ type: 'inside', xAxisIndex: 0 }, { type: 'inside', yAxisIndex: 0 }];

  function render(id, title, build) {
    var el = document.getElementById(id);
    status.charts++;
    try {
      var opt = build();
      if (!opt) {
        status.empty.push(id);
        el.classList.add('empty');
        el.textContent = 'No data for this plot.';
        return;
      }
      opt.animation = false;
      opt.title = { text: title, left: 'center', textStyle: { fontSize: 14 } };
      if (opt.xAxis && !opt.grid) { opt.grid = { left: 70, right: 30, top: 50, bottom: 50 }; }
      var chart = echarts.init(el, null, { renderer: 'svg' });
      chart.setOption(opt);
      window.addEventListener('resize', function () { chart.resize(); });
      var n = 0;
      (chart.getOption().series || []).forEach(function (s) { n += (s.data || []).length; });
      status.points[id] = n;
      if (n > 0) { status.rendered++; } else { status.empty.push(id); }
    } catch (e) {
      errors.push(id + ': ' + (e && e.message ? e.message : String(e)));
    }
  }

  render('plot-history', 'Optimization history (' + better + ')', function () {
    var h = D.history;
    if (!h.values.length) { return null; }
    return {
      tooltip: { trigger: 'item', formatter: function (p) {
        return esc(p.seriesName) + '<br>trial ' + p.value[0] + ': ' + fmt(p.value[1]); } },
      legend: { top: 26 }, toolbox: TOOLBOX, dataZoom: ZOOM,
      xAxis: { type: 'value', name: 'trial', nameLocation: 'middle', nameGap: 28, scale: true },
      yAxis: valueAxis('objective value'),
      series: [
        { name: 'objective value', type: 'scatter', symbolSize: 6,
          itemStyle: { color: STATE_COLORS.COMPLETE },
          data: h.values.map(function (p) { return [p.number, p.value]; }) },
        { name: 'best value', type: 'line', step: 'end', showSymbol: false,
          lineStyle: { color: '#e45756', width: 2 }, itemStyle: { color: '#e45756' },
          data: h.bestSoFar.map(function (p) { return [p.number, p.value]; }) }]
    };
  });

  render('plot-intermediate', 'Intermediate values (learning curves; rungs marked)', function () {
    var c = D.intermediate.curves;
    if (!c.length) { return null; }
    var series = c.map(function (cv) {
      return { name: cv.state, type: 'line', showSymbol: cv.steps.length < 30, symbolSize: 3,
        lineStyle: { width: 1, opacity: cv.state === 'PRUNED' ? 0.55 : 0.85,
          type: cv.state === 'PRUNED' ? 'dashed' : 'solid', color: STATE_COLORS[cv.state] },
        itemStyle: { color: STATE_COLORS[cv.state] }, trialNumber: cv.number,
        data: cv.steps.map(function (s, i) { return [s, cv.values[i], cv.number]; }) };
    });
    var pruned = c.filter(function (cv) { return cv.state === 'PRUNED'; }).map(function (cv) {
      var i = cv.steps.length - 1;
      return [cv.steps[i], cv.values[i], cv.number];
    });
    if (pruned.length) {
      series.push({ name: 'pruned here', type: 'scatter', symbol: 'path://M0,0L10,10M10,0L0,10',
        symbolSize: 8, itemStyle: { borderColor: '#b30000', borderWidth: 2, color: 'none' },
        data: pruned });
    }
    var rungs = D.intermediate.rungs.filter(function (r) { return r.step !== null && r.value !== null; });
    if (rungs.length) {
      series.push({ name: 'rung', type: 'scatter', symbol: 'diamond', symbolSize: 9,
        itemStyle: { color: '#54a24b', borderColor: '#1b5e20' },
        data: rungs.map(function (r) { return [r.step, r.value, r.number, r.rung]; }) });
    }
    return {
      tooltip: { trigger: 'item', formatter: function (p) {
        var v = p.value;
        return 'trial ' + v[2] + (v.length > 3 ? ', rung ' + esc(v[3]) : '') + ' (' +
          esc(p.seriesName) + ')<br>step ' + v[0] + ': ' + fmt(v[1]); } },
      legend: { top: 26 }, toolbox: TOOLBOX, dataZoom: ZOOM,
      xAxis: { type: 'value', name: 'step', nameLocation: 'middle', nameGap: 28, scale: true },
      yAxis: valueAxis('intermediate value'), series: series
    };
  });

  render('plot-parallel', 'Parallel coordinates', function () {
    var P = D.parallel;
    if (!P.lines.length || !P.axes.length) { return null; }
    var axes = [{ dim: 0, name: 'objective', type: 'value', scale: true }];
    P.axes.forEach(function (a, i) {
      var o = { dim: i + 1, name: a.name, scale: true };
      if (a.scale === 'CATEGORICAL') { o.type = 'category'; o.data = a.categories; }
      else if (a.scale === 'LOG') { o.type = 'log'; } else { o.type = 'value'; }
      axes.push(o);
    });
    var vals = P.lines.map(function (l) { return l.value; });
    return {
      parallel: { left: 60, right: 90, top: 60, bottom: 40 },
      parallelAxis: axes,
      tooltip: { trigger: 'item', formatter: function (p) {
        return 'trial ' + p.data.number + ': ' + fmt(p.value[0]); } },
      visualMap: { type: 'continuous', dimension: 0, min: Math.min.apply(null, vals),
        max: Math.max.apply(null, vals), inRange: { color: PALETTE }, right: 0, top: 'middle',
        calculable: true, itemHeight: 120, precision: 4, text: ['objective', ''] },
      series: [{ type: 'parallel', lineStyle: { width: 1, opacity: 0.6 },
        data: P.lines.map(function (l) {
          var row = [l.value];
          l.coords.forEach(function (c, i) {
            row.push(P.axes[i].scale === 'CATEGORICAL' ? P.axes[i].categories[c] : c);
          });
          return { value: row, number: l.number };
        }) }]
    };
  });

  render('plot-importance', 'Parameter importance (' + D.importance.method + ', top ' +
      Math.round(D.importance.quantile * 100) + '% of trials)', function () {
    var b = D.importance.bars.slice().reverse();
    if (!b.length) { return null; }
    return {
      grid: { left: 140, right: 40, top: 40, bottom: 40 },
      tooltip: { trigger: 'item', formatter: function (p) {
        return esc(p.name) + ': ' + fmt(p.value); } },
      xAxis: { type: 'value', name: 'importance', nameLocation: 'middle', nameGap: 26, max: 1 },
      yAxis: { type: 'category', data: b.map(function (x) { return x.param; }) },
      series: [{ type: 'bar', itemStyle: { color: '#4c78a8' },
        label: { show: true, position: 'right', formatter: function (p) { return fmt(p.value); } },
        data: b.map(function (x) { return x.importance; }) }]
    };
  });

  render('plot-edf', 'Empirical distribution function', function () {
    var e = D.edf.points;
    if (!e.length) { return null; }
    return {
      tooltip: { trigger: 'item', formatter: function (p) {
        return fmt(p.value[0]) + ': ' + fmt(p.value[1]); } },
      toolbox: TOOLBOX, dataZoom: ZOOM,
      xAxis: { type: 'value', name: 'objective value', nameLocation: 'middle', nameGap: 28,
        scale: true },
      yAxis: { type: 'value', name: 'cumulative probability', nameLocation: 'middle',
        nameGap: 48, min: 0, max: 1 },
      series: [{ type: 'line', step: 'end', showSymbol: e.length < 60, symbolSize: 4,
        lineStyle: { color: '#4c78a8' }, itemStyle: { color: '#4c78a8' },
        data: e.map(function (p) { return [p.value, p.fraction]; }) }]
    };
  });

  render('plot-timeline', 'Timeline (one lane per executor slot)', function () {
    var T = D.timeline;
    if (!T.bars.length) { return null; }
    var t0 = Math.min.apply(null, T.bars.map(function (b) { return b.startMillis; }));
    var states = {};
    T.bars.forEach(function (b) { states[b.state] = true; });
    var series = Object.keys(states).map(function (s) {
      return { name: s, type: 'custom', itemStyle: { color: STATE_COLORS[s] },
        encode: { x: [1, 2], y: 0 },
        renderItem: function (params, api) {
          var a = api.coord([api.value(1), api.value(0)]);
          var b = api.coord([api.value(2), api.value(0)]);
          var h = api.size([0, 1])[1] * 0.6;
          return { type: 'rect', shape: { x: a[0], y: a[1] - h / 2,
            width: Math.max(1, b[0] - a[0]), height: h }, style: api.style() };
        },
        data: T.bars.filter(function (b) { return b.state === s; }).map(function (b) {
          return [T.lanes.indexOf(b.lane), (b.startMillis - t0) / 1000,
            (b.endMillis - t0) / 1000, b.number, b.value];
        }) };
    });
    return {
      grid: { left: 190, right: 30, top: 60, bottom: 50 },
      legend: { top: 26 }, toolbox: TOOLBOX,
      dataZoom: [{ type: 'inside', xAxisIndex: 0, filterMode: 'weakFilter' }],
      tooltip: { trigger: 'item', formatter: function (p) {
        var v = p.value;
        return 'trial ' + v[3] + ' (' + esc(p.seriesName) + ') on ' + esc(T.lanes[v[0]]) +
          '<br>' +
          fmt(v[1]) + ' s → ' + fmt(v[2]) + ' s (' + fmt(v[2] - v[1]) + ' s)' +
          (v[4] === null ? '' : '<br>value ' + fmt(v[4])); } },
      xAxis: { type: 'value', name: 'seconds since the first start', nameLocation: 'middle',
        nameGap: 28, min: 0 },
      yAxis: { type: 'category', data: T.lanes, inverse: true },
      series: series
    };
  });

  D.contour.panels.forEach(function (P, k) {
    render('plot-contour-' + k, 'Contour: ' + P.x.name + ' × ' + P.y.name, function () {
      var cells = [];
      var zs = [];
      P.z.forEach(function (row, j) {
        row.forEach(function (z, i) {
          if (z !== null) {
            cells.push([P.xEdges[i], P.xEdges[i + 1], P.yEdges[j], P.yEdges[j + 1], z]);
            zs.push(z);
          }
        });
      });
      var xa = axis(P.x, 'x');
      var ya = axis(P.y, 'y');
      xa.min = P.xEdges[0]; xa.max = P.xEdges[P.xEdges.length - 1];
      ya.min = P.yEdges[0]; ya.max = P.yEdges[P.yEdges.length - 1];
      return {
        grid: { left: 70, right: 90, top: 40, bottom: 50 },
        tooltip: { trigger: 'item', formatter: function (p) {
          if (p.seriesIndex === 0) { return 'interpolated ' + fmt(p.value[4]); }
          var v = p.value;
          return 'trial ' + v[3] + '<br>' + esc(P.x.name) + ' = ' + paramText(P.x, v[0]) +
            '<br>' + esc(P.y.name) + ' = ' + paramText(P.y, v[1]) + '<br>value ' + fmt(v[2]); } },
        visualMap: { type: 'continuous', seriesIndex: 0, dimension: 4,
          min: Math.min.apply(null, zs), max: Math.max.apply(null, zs), right: 0, top: 'middle',
          itemHeight: 120, calculable: true, precision: 4, inRange: { color: PALETTE } },
        xAxis: xa, yAxis: ya,
        series: [
          { type: 'custom', encode: { x: [0, 1], y: [2, 3] }, data: cells,
            renderItem: function (params, api) {
              var a = api.coord([api.value(0), api.value(3)]);
              var b = api.coord([api.value(1), api.value(2)]);
              return { type: 'rect', shape: { x: a[0], y: a[1], width: b[0] - a[0] + 0.5,
                height: b[1] - a[1] + 0.5 }, style: { fill: api.visual('color') } };
            } },
          { type: 'scatter', symbolSize: 5, itemStyle: { color: '#111', opacity: 0.8 },
            data: P.points.map(function (p) { return [p.x, p.y, p.value, p.number]; }) }]
      };
    });
  });

  D.rank.panels.forEach(function (P, k) {
    render('plot-rank-' + k, 'Rank: ' + P.x.name + ' × ' + P.y.name, function () {
      return {
        grid: { left: 70, right: 90, top: 40, bottom: 50 },
        tooltip: { trigger: 'item', formatter: function (p) {
          var v = p.value;
          return 'trial ' + v[3] + '<br>' + esc(P.x.name) + ' = ' + paramText(P.x, v[0]) +
            '<br>' + esc(P.y.name) + ' = ' + paramText(P.y, v[1]) + '<br>value ' + fmt(v[2]) +
            ' (rank ' + fmt(v[4]) + ')'; } },
        toolbox: TOOLBOX, dataZoom: ZOOM,
        visualMap: { type: 'continuous', dimension: 4, min: 0, max: 1, right: 0, top: 'middle',
          itemHeight: 120, inRange: { color: PALETTE.slice().reverse() },
          text: ['worst', 'best'] },
        xAxis: axis(P.x, 'x'), yAxis: axis(P.y, 'y'),
        series: [{ type: 'scatter', symbolSize: 7,
          data: P.points.map(function (p) { return [p.x, p.y, p.value, p.number, p.rank]; }) }]
      };
    });
  });

  D.slice.panels.forEach(function (P, k) {
    render('plot-slice-' + k, 'Slice: ' + P.axis.name, function () {
      var nums = P.points.map(function (p) { return p.number; });
      return {
        grid: { left: 70, right: 30, top: 40, bottom: 50 },
        tooltip: { trigger: 'item', formatter: function (p) {
          var v = p.value;
          return 'trial ' + v[2] + '<br>' + esc(P.axis.name) + ' = ' + paramText(P.axis, v[0]) +
            '<br>value ' + fmt(v[1]); } },
        toolbox: TOOLBOX, dataZoom: ZOOM,
        visualMap: { show: false, type: 'continuous', dimension: 2, min: Math.min.apply(null, nums),
          max: Math.max.apply(null, nums), inRange: { color: ['#c6dbef', '#08306b'] } },
        xAxis: axis(P.axis, 'x'), yAxis: valueAxis('objective value'),
        series: [{ type: 'scatter', symbolSize: 6,
          data: P.points.map(function (p) { return [p.x, p.value, p.number]; }) }]
      };
    });
  });

  var s = document.getElementById('report-status');
  s.textContent = JSON.stringify(status);
  s.setAttribute('data-ok', String(errors.length === 0 && status.rendered === status.charts));
})();
