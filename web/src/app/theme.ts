import type { ThemeConfig } from 'antd';

// Colours chosen for WCAG 2.2 AA contrast on white and on #f5f5f5: antd's default primary
// #1677ff is 4.1:1 on white (below 4.5:1 for text), #0958d9 is 6.2:1. Error text #cf1322 is
// 5.6:1 (default #ff4d4f: 3.3:1). Secondary/tertiary/placeholder text at 60-65% black >= 5.3:1.
export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#0958d9',
    colorLink: '#0958d9',
    colorError: '#cf1322',
    colorSuccess: '#237804',
    colorWarning: '#ad4e00',
    colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.6)',
    colorTextDescription: 'rgba(0, 0, 0, 0.65)',
    borderRadius: 6,
  },
};
