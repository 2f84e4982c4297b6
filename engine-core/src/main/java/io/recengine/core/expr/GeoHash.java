package io.recengine.core.expr;

import java.util.ArrayList;
import java.util.List;

/**
 * Geohash cells for PAI-Rec's {@code geoHash(lat, lng[, precision])} and
 * {@code geoHashWithNeighbors(lat, lng[, precision])}: the base-32 cell of a point, and the eight cells
 * around it (north, north-east, east, south-east, south, south-west, west, north-west, longitudes wrapping)
 * followed by the cell itself.
 */
final class GeoHash {

    private static final String BASE32 = "0123456789bcdefghjkmnpqrstuvwxyz";

    private GeoHash() {
    }

    static String encode(double lat, double lng, int precision) {
        int chars = Math.max(1, Math.min(precision, 12));
        double latLo = -90;
        double latHi = 90;
        double lngLo = -180;
        double lngHi = 180;
        StringBuilder out = new StringBuilder(chars);
        boolean even = true;
        int bit = 0;
        int ch = 0;
        while (out.length() < chars) {
            if (even) {
                double mid = (lngLo + lngHi) / 2;
                if (lng >= mid) {
                    ch = ch << 1 | 1;
                    lngLo = mid;
                } else {
                    ch <<= 1;
                    lngHi = mid;
                }
            } else {
                double mid = (latLo + latHi) / 2;
                if (lat >= mid) {
                    ch = ch << 1 | 1;
                    latLo = mid;
                } else {
                    ch <<= 1;
                    latHi = mid;
                }
            }
            even = !even;
            if (++bit == 5) {
                out.append(BASE32.charAt(ch));
                bit = 0;
                ch = 0;
            }
        }
        return out.toString();
    }

    /** The cell's size in degrees: {lat, lng}. */
    private static double[] size(int chars) {
        int bits = chars * 5;
        int lngBits = (bits + 1) / 2;
        int latBits = bits / 2;
        return new double[] {180 / Math.pow(2, latBits), 360 / Math.pow(2, lngBits)};
    }

    static List<String> withNeighbors(double lat, double lng, int precision) {
        int chars = Math.max(1, Math.min(precision, 12));
        String cell = encode(lat, lng, chars);
        double[] d = size(chars);
        // the centre of the cell, so every neighbour is one whole cell away
        double cLat = (Math.floor((lat + 90) / d[0]) + 0.5) * d[0] - 90;
        double cLng = (Math.floor((lng + 180) / d[1]) + 0.5) * d[1] - 180;
        int[][] steps = {{1, 0}, {1, 1}, {0, 1}, {-1, 1}, {-1, 0}, {-1, -1}, {0, -1}, {1, -1}};
        List<String> out = new ArrayList<>(9);
        for (int[] s : steps) {
            double nLat = Math.max(-90, Math.min(90, cLat + s[0] * d[0]));
            double nLng = wrap(cLng + s[1] * d[1]);
            out.add(encode(nLat, nLng, chars));
        }
        out.add(cell);
        return out;
    }

    private static double wrap(double lng) {
        if (lng > 180) {
            return lng - 360;
        }
        if (lng < -180) {
            return lng + 360;
        }
        return lng;
    }
}
