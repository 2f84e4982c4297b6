package io.recengine.plugin.hologres;

import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Column values as PAI-Rec's {@code sqlutil.ParseColumnValues} returns them: {@code int8} a Long,
 * {@code int4}/{@code int2} an Integer, floating and numeric types a Double, {@code bool} a Boolean,
 * text types a String, arrays the list of their element texts ({@code "{a,b}"} trimmed of braces and
 * split on commas), anything else its text. SQL NULL is null.
 */
final class SqlValues {

    private SqlValues() {
    }

    /** The column types of a result set, read once per result. */
    static int[] types(ResultSetMetaData md) throws SQLException {
        int[] t = new int[md.getColumnCount()];
        for (int i = 0; i < t.length; i++) {
            t[i] = md.getColumnType(i + 1);
        }
        return t;
    }

    static String[] names(ResultSetMetaData md) throws SQLException {
        String[] n = new String[md.getColumnCount()];
        for (int i = 0; i < n.length; i++) {
            n[i] = md.getColumnLabel(i + 1);
        }
        return n;
    }

    /** The value of column {@code col} (1-based) of the current row, or null for SQL NULL. */
    static Object value(ResultSet rs, int col, int type) throws SQLException {
        switch (type) {
            case Types.BIGINT -> {
                long v = rs.getLong(col);
                return rs.wasNull() ? null : v;
            }
            case Types.INTEGER, Types.SMALLINT, Types.TINYINT -> {
                int v = rs.getInt(col);
                return rs.wasNull() ? null : v;
            }
            case Types.REAL, Types.FLOAT, Types.DOUBLE, Types.NUMERIC, Types.DECIMAL -> {
                double v = rs.getDouble(col);
                return rs.wasNull() ? null : v;
            }
            case Types.BOOLEAN, Types.BIT -> {
                boolean v = rs.getBoolean(col);
                return rs.wasNull() ? null : v;
            }
            case Types.ARRAY -> {
                String s = rs.getString(col);
                return s == null ? null : arrayText(s);
            }
            default -> {
                return rs.getString(col);
            }
        }
    }

    /** {@code "{a,b}"} as {@code [a, b]}, as PAI-Rec splits array columns. */
    static List<String> arrayText(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && (s.charAt(from) == '{' || s.charAt(from) == '}')) {
            from++;
        }
        while (to > from && (s.charAt(to - 1) == '{' || s.charAt(to - 1) == '}')) {
            to--;
        }
        String inner = s.substring(from, to);
        return Collections.unmodifiableList(new ArrayList<>(Arrays.asList(inner.split(",", -1))));
    }
}
