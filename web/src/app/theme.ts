import type { ThemeConfig } from 'antd';

// Colours chosen for WCAG 2.2 AA contrast on white and on #f5f5f5: antd's default primary
// #1677ff is 4.1:1 on white (below 4.5:1 for text), #0958d9 is 6.2:1. Error text #cf1322 is
// 5.6:1 (default #ff4d4f: 3.3:1). Secondary/tertiary/placeholder text at 60-65% black >= 5.3:1.
export const theme: ThemeConfig = {
  token: {
    colorPrimary: '#0958d9',
    colorLink: '#0958d9',
    // antd derives lighter hover colours (4.2:1 under white text); go darker instead.
    colorPrimaryHover: '#003eb3',
    colorPrimaryActive: '#002c8c',
    colorLinkHover: '#003eb3',
    colorLinkActive: '#002c8c',
    colorError: '#cf1322',
    colorInfo: '#0958d9',
    colorSuccess: '#237804',
    colorWarning: '#ad4e00',
    // Keep antd's light alert backgrounds (they would be derived from the darker colours above).
    colorSuccessBg: '#f6ffed',
    colorSuccessBorder: '#b7eb8f',
    colorErrorBg: '#fff2f0',
    colorErrorBorder: '#ffccc7',
    colorWarningBg: '#fffbe6',
    colorWarningBorder: '#ffe58f',
    colorInfoBg: '#e6f4ff',
    colorInfoBorder: '#91caff',
    colorTextSecondary: 'rgba(0, 0, 0, 0.65)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.6)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.6)',
    colorTextDescription: 'rgba(0, 0, 0, 0.65)',
    borderRadius: 6,
  },
};
