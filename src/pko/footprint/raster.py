"""People per H3 cell from a population raster the user brings (a WorldPop GeoTIFF in WGS 84), read with rasterio."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from pko.safety.hotspots import cells_of

BLOCK_ROWS = 512  # raster rows read at a time


def people_by_cell(path: Path, resolution: int) -> dict[int, float]:
    """Sum each pixel's people into the H3 cell of its centre; nodata and negative pixels count for nothing."""
    import rasterio

    path = Path(path)
    if not path.is_file():
        raise ValueError(f"{path}: no such population raster")
    try:
        source = rasterio.open(path)
    except rasterio.errors.RasterioIOError as error:
        raise ValueError(f"{path}: not a raster rasterio can read ({error})") from None
    with source:
        if source.crs is None or source.crs.to_epsg() != 4326:
            raise ValueError(f"{path}: the raster is in {source.crs or 'no stated CRS'}, not WGS 84 (EPSG:4326); "
                             "reproject it first (gdalwarp -t_srs EPSG:4326)")
        totals: dict[int, float] = {}
        for top in range(0, source.height, BLOCK_ROWS):
            window = rasterio.windows.Window(0, top, source.width, min(BLOCK_ROWS, source.height - top))
            values = source.read(1, window=window, masked=True).astype(float).filled(0.0)
            rows, cols = np.nonzero(values > 0)
            if not len(rows):
                continue
            xs, ys = rasterio.transform.xy(source.transform, rows + top, cols, offset="center")
            cells = cells_of(np.asarray(ys), np.asarray(xs), resolution)
            unique, inverse = np.unique(cells, return_inverse=True)
            sums = np.bincount(inverse.ravel(), weights=values[rows, cols])
            for cell, total in zip(unique.tolist(), sums.tolist()):
                totals[cell] = totals.get(cell, 0.0) + total
    return totals
