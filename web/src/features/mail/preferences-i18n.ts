// The words of "Thông báo qua thư điện tử": each person's choice of the notices they receive by
// e-mail (staff and citizens alike).
import { defineMessages } from '../../shared/i18n/messages';

export const mailPreferencesMessages = defineMessages({
  vi: {
    menu: 'Thông báo qua thư điện tử',
    title: 'Thông báo qua thư điện tử',
    intro:
      'Chọn những loại thông báo bạn muốn nhận qua thư điện tử. Mọi thông báo vẫn hiện trong mục Thông báo của hệ thống, dù bạn có nhận thư hay không.',
    introCitizen:
      'Chọn những loại thông báo bạn muốn nhận qua thư điện tử đã đăng ký. Mọi thông báo vẫn hiện trong mục Thông báo trên Cổng, dù bạn có nhận thư hay không.',
    listLabel: 'Các loại thông báo',
    required: 'Bắt buộc theo quy định',
    requiredHelp:
      'Thông báo về hồ sơ thủ tục hành chính mà pháp luật yêu cầu gửi cho người nộp luôn được gửi.',
    on: 'Nhận',
    off: 'Không nhận',
    save: 'Lưu lựa chọn',
    saved: 'Đã lưu lựa chọn nhận thông báo.',
    empty: 'Chưa có loại thông báo nào gửi qua thư điện tử cho tài khoản của bạn.',
    offTitle: 'Chức năng thư điện tử chưa được bật',
    offText:
      'Hệ thống hiện chưa gửi thông báo qua thư điện tử. Thông báo vẫn hiện trong mục Thông báo; khi chức năng được bật, bạn có thể chọn ở đây.',
    loadFailed: 'Không tải được lựa chọn nhận thông báo.',
    reload: 'Tải lại',
  },
  en: {
    menu: 'E-mail notifications',
    title: 'E-mail notifications',
    intro:
      'Choose which notices you receive by e-mail. Every notice still appears under Notifications in the system, whether or not it is e-mailed.',
    introCitizen:
      'Choose which notices you receive at the e-mail address you registered. Every notice still appears under Notifications on the portal, whether or not it is e-mailed.',
    listLabel: 'Kinds of notice',
    required: 'Required by regulation',
    requiredHelp:
      'Notices about an administrative dossier that the law requires to be sent to the applicant are always sent.',
    on: 'On',
    off: 'Off',
    save: 'Save my choices',
    saved: 'Your choices are saved.',
    empty: 'No kind of notice is sent by e-mail to your account.',
    offTitle: 'E-mail is not turned on',
    offText:
      'The system does not send notices by e-mail yet. They still appear under Notifications; once e-mail is on, you can choose here.',
    loadFailed: 'Your choices could not be loaded.',
    reload: 'Reload',
  },
});
